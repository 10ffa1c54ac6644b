"""Benchmark: importing a product file of N SKU rows (XLSX and CSV) against raw ``executemany``.

    .venv/bin/python bench/catalog_import.py            # 100,000 rows
    .venv/bin/python bench/catalog_import.py --quick    # 5,000 rows
    .venv/bin/python bench/catalog_import.py --rows 20000 --profile csv

Each file goes through the real import service (upload, whose check task runs when the upload
commits: parse + validate; then confirm, which runs the import task: parse + validate + write)
into a fresh, migrated SQLite database in a temporary directory. Tasks run inline (the test
settings' immediate Huey). Two XLSX files hold the same rows: "xlsx" as openpyxl writes it
(inline strings, the larger XML) and "excel" as Excel and WPS save it (shared strings).
The baseline inserts the same rows into the same tables (catalog_product, catalog_sku,
catalog_stock) of another fresh copy with plain ``sqlite3`` ``executemany``. The last line printed
is one JSON object with the figures.
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import json
import os
import pstats
import shutil
import sqlite3
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SKUS_PER_PRODUCT = 4
COLOURS = ("白色", "黑色", "藏青", "酒红", "燕麦")
SIZES = ("S", "M", "L", "XL", "XXL")
CATEGORIES = ("女装/连衣裙", "女装/T恤", "女装/衬衫", "男装/T恤", "男装/夹克", "童装/套装", "鞋靴/运动鞋", "配饰/帽子")
WAREHOUSES = ("hz-main", "gz-south")
STORES = ("tmall-flagship", "jd-self", "douyin-shop")


def configure(var_dir: Path) -> None:
    """Django on a private SQLite file (the embedded default's settings: WAL, synchronous=NORMAL)."""
    for name in ("DATABASE_URL", "REDIS_URL"):
        os.environ.pop(name, None)
    os.environ.update(
        DJANGO_SETTINGS_MODULE="zhanggui.settings.test",
        ZHANGGUI_VAR_DIR=str(var_dir),
        MEDIA_ROOT=str(var_dir / "media"),
        DEBUG="0",
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def sku_rows(count: int) -> list[list[Any]]:
    """``count`` SKU rows in the product file's column order, SKUS_PER_PRODUCT per product."""
    rows = []
    for n in range(count):
        product = n // SKUS_PER_PRODUCT
        price = Decimal(99 + product % 400) + Decimal("0.90")
        rows.append(
            [
                f"SPU{product:07d}",
                f"纯棉休闲款 {product}",
                CATEGORIES[product % len(CATEGORIES)],
                "掌柜优选",
                f"MC{n:08d}",
                f"69{n:011d}",
                COLOURS[n % len(COLOURS)],
                SIZES[(n // len(COLOURS)) % len(SIZES)],
                "棉",
                "修身",
                str(price),
                str(price - 40),
                WAREHOUSES[product % len(WAREHOUSES)],
                str(n % 300),
                ",".join(STORES[: 1 + product % len(STORES)]),
                "上架" if product % 5 else "下架",
            ]
        )
    return rows


KINDS = ("xlsx", "excel", "csv")


def write_files(directory: Path, header: list[str], rows: list[list[Any]]) -> dict[str, Path]:
    from openpyxl import Workbook

    from zhanggui.catalog.tests.import_files import shared_strings_xlsx

    paths = {kind: directory / f"products-{kind}.{'csv' if kind == 'csv' else 'xlsx'}" for kind in KINDS}
    with paths["csv"].open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    workbook.save(paths["xlsx"])
    paths["excel"].write_bytes(shared_strings_xlsx(rows, header=header))
    return paths


def prepare_database(template: Path) -> None:
    """Migrate, add the stores, warehouses and staff member the file refers to, keep a copy."""
    from django.core.management import call_command
    from django.db import connection

    from zhanggui.accounts.models import Staff
    from zhanggui.catalog.models import Warehouse
    from zhanggui.stores.models import Store

    call_command("migrate", verbosity=0)
    for code in STORES:
        Store.objects.create(code=code, name=code, platform="tmall")
    for code in WAREHOUSES:
        Warehouse.objects.create(code=code, name=code)
    Staff.objects.create(username="bench", role="manager")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    shutil.copyfile(database_path(), template)


def database_path() -> Path:
    from django.conf import settings

    return Path(settings.DATABASES["default"]["NAME"])


def restore(template: Path, target: Path) -> None:
    from django.db import connection

    connection.close()
    for suffix in ("-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(template, target)


def run_import(path: Path, rows: int, profile: bool) -> dict[str, float]:
    """Upload (its check runs inline: the preview), then confirm (the run runs inline); timings in seconds."""
    from django.core.files import File

    from zhanggui.accounts.models import Staff
    from zhanggui.catalog.imports import product_import_confirm, product_import_preview
    from zhanggui.catalog.models import Product, Sku, Stock

    by = Staff.objects.get(username="bench")
    profiler = cProfile.Profile() if profile else None
    if profiler:
        profiler.enable()
    started = time.perf_counter()
    with path.open("rb") as handle:
        job = product_import_preview(by=by, upload=File(handle, name=path.name), name=path.name)
    previewed = time.perf_counter()
    job.refresh_from_db()
    assert (job.status, job.error_count) == ("previewed", 0), (job.status, job.message, job.errors[:5])
    job = product_import_confirm(by=by, job_id=job.pk)
    finished = time.perf_counter()
    if profiler:
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
    assert job.status == "done", job.message
    assert Sku.objects.count() == rows and Stock.objects.count() == rows, "not every row was written"
    assert Product.objects.count() == -(-rows // SKUS_PER_PRODUCT)
    return {
        "preview": previewed - started,
        "run": finished - previewed,
        "validate": job.result["validate_seconds"],
        "write": job.result["write_seconds"],
    }


def raw_executemany(database: Path, rows: list[list[Any]]) -> float:
    """The same products, SKUs and stock rows inserted with plain sqlite3 executemany; seconds."""
    from django.utils import timezone

    warehouse_ids = {}
    connection = sqlite3.connect(database, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    for pk, code in connection.execute("SELECT id, code FROM catalog_warehouse"):
        warehouse_ids[code] = pk
    stamp = timezone.now().replace(tzinfo=None).isoformat(" ")
    products, skus, stock = [], [], []
    for n, row in enumerate(rows, start=1):
        product_id = (n - 1) // SKUS_PER_PRODUCT + 1
        if (n - 1) % SKUS_PER_PRODUCT == 0:
            products.append((product_id, row[0], row[1], None, row[3], "", stamp, stamp))
        attributes = json.dumps({"color": row[6], "size": row[7], "material": row[8], "style": row[9]})
        skus.append((n, product_id, row[4], row[5], attributes, row[10], row[11], 1, stamp))
        stock.append((n, warehouse_ids[row[12]], int(row[13]), 0, 10, stamp))
    started = time.perf_counter()
    connection.execute("BEGIN IMMEDIATE")
    connection.executemany(
        "INSERT INTO catalog_product (id, spu_code, name, category_id, brand, description, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        products,
    )
    connection.executemany(
        "INSERT INTO catalog_sku (id, product_id, merchant_code, barcode, attributes, list_price, price_floor,"
        " is_active, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        skus,
    )
    connection.executemany(
        "INSERT INTO catalog_stock (sku_id, warehouse_id, on_hand, reserved, low_stock_threshold, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        stock,
    )
    connection.execute("COMMIT")
    elapsed = time.perf_counter() - started
    connection.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=100_000, help="SKU rows in the file (default 100000)")
    parser.add_argument("--quick", action="store_true", help="5000 rows")
    parser.add_argument("--profile", choices=KINDS, help="print a cProfile of that import")
    args = parser.parse_args()
    count = 5000 if args.quick else args.rows
    with tempfile.TemporaryDirectory(prefix="zhanggui-bench-") as tmp:
        directory = Path(tmp)
        configure(directory)
        from zhanggui.catalog.imports.columns import COLUMNS

        template = directory / "template.sqlite3"
        prepare_database(template)
        rows = sku_rows(count)
        paths = write_files(directory, [c.header for c in COLUMNS], rows)
        sizes = {kind: path.stat().st_size for kind, path in paths.items()}
        timings = {}
        for kind in KINDS:
            restore(template, database_path())
            timings[kind] = run_import(paths[kind], count, args.profile == kind)
        raw_database = directory / "raw.sqlite3"
        restore(template, raw_database)
        raw_seconds = raw_executemany(raw_database, rows)
    report(count, sizes, timings, raw_seconds)


def report(count: int, sizes: dict[str, int], timings: dict[str, dict[str, float]], raw_seconds: float) -> None:
    raw_rate = count / raw_seconds
    figures: dict[str, Any] = {"rows": count}
    print(f"Product import, {count:,} SKU rows ({SKUS_PER_PRODUCT} per product), fresh SQLite (WAL) each run")
    for kind in KINDS:
        t = timings[kind]
        rate = count / (t["validate"] + t["write"])
        print(
            f"  {kind.upper():5} {sizes[kind] / 1e6:6.1f} MB  preview {t['preview']:6.2f} s"
            f" ({count / t['preview']:>9,.0f} rows/s)  import parse+validate+write"
            f" {t['validate'] + t['write']:6.2f} s ({rate:>9,.0f} rows/s), of which write {t['write']:5.2f} s"
            f" ({count / t['write']:>9,.0f} rows/s)  ratio to raw {rate / raw_rate:.3f}"
        )
        figures[f"{kind}_rows_per_s"] = round(rate)
        figures[f"{kind}_write_rows_per_s"] = round(count / t["write"])
        figures[f"{kind}_preview_rows_per_s"] = round(count / t["preview"])
        figures[f"{kind}_ratio"] = round(rate / raw_rate, 3)
    print(f"  raw sqlite3 executemany (product + sku + stock): {raw_seconds:.2f} s ({raw_rate:,.0f} rows/s)")
    figures["raw_executemany_rows_per_s"] = round(raw_rate)
    print(json.dumps(figures, sort_keys=True))


if __name__ == "__main__":
    main()
