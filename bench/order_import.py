"""Benchmark: importing a Taobao/Tmall order export pair of N order lines against raw ``executemany``
and django-import-export.

    .venv/bin/python bench/order_import.py                  # 1,000,000 order lines
    .venv/bin/python bench/order_import.py --quick          # 5,000 lines
    .venv/bin/python bench/order_import.py --rows 50000 --profile

The seller-centre export comes as two CSV files (UTF-8 with BOM): the orders (订单编号, 买家会员名,
… 退款金额) and their lines (订单编号, 标题, 价格, 购买数量, … 商家编码), about 1.75 lines per order,
numbers quoted ``="…"`` as the real export does, every 商家编码 a SKU of the catalogue made first.
Each importer writes into a fresh copy of one migrated SQLite database (WAL) in a temporary
directory: ours through the product's import job (upload, check, confirm, run; tasks inline),
plain ``sqlite3`` ``executemany`` of the same buyers, orders and lines into orders_buyer,
orders_order and orders_orderline, and django-import-export's ``ModelResource``s on the first
``--library-rows`` lines. The last line printed is one JSON object with the figures.
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import datetime as dt
import gzip
import json
import os
import pstats
import sqlite3
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from catalog_import import ROOT, configure, database_path, restore
from taobao_export import (
    COLOURS,
    PRODUCTS,
    SIZES,
    SKU_COUNT,
    STATUSES,
    buyer_address,
    buyer_fields,
    generate,
    sku_code,
    sku_price,
    sku_title,
    write_files,
    write_xlsx,
)

STORE, WAREHOUSE = "tmall-flagship", "hz-main"

# --- the database ----------------------------------------------------------------------------


def prepare_database(template: Path) -> None:
    """Migrate; add the store, its warehouse, a manager and the catalogue the files refer to; keep a copy."""
    import shutil

    from django.core.management import call_command
    from django.db import connection

    from zhanggui.accounts.models import Staff
    from zhanggui.catalog.models import Listing, Product, Sku, Stock, Warehouse
    from zhanggui.stores.models import Store

    call_command("migrate", verbosity=0)
    store = Store.objects.create(code=STORE, name="天猫旗舰店", platform="tmall")
    warehouse = Warehouse.objects.create(code=WAREHOUSE, name="杭州主仓")
    Staff.objects.create(username="bench", role="manager").stores.add(store)
    per_product = len(COLOURS) * len(SIZES)
    products = Product.objects.bulk_create(
        Product(spu_code=f"SPU{p:05d}", name=sku_title(p * per_product)[0]) for p in range(PRODUCTS)
    )
    Listing.objects.bulk_create(Listing(product=product, store=store) for product in products)
    skus = Sku.objects.bulk_create(
        Sku(
            product=products[i // per_product],
            merchant_code=sku_code(i),
            attributes={"color": COLOURS[i % len(COLOURS)], "size": SIZES[(i // len(COLOURS)) % len(SIZES)]},
            list_price=sku_price(i),
            price_floor=sku_price(i) - 30,
        )
        for i in range(SKU_COUNT)
    )
    Stock.objects.bulk_create(Stock(sku=sku, warehouse=warehouse, on_hand=10**8) for sku in skus)
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    shutil.copyfile(database_path(), template)


# --- baseline: raw executemany ----------------------------------------------------------------

CHUNK = 20_000  # orders whose tuples are built (untimed) before each timed executemany


def _utc(moment: dt.datetime | None) -> str | None:
    # The files' times are Beijing time; Django keeps UTC without an offset in SQLite.
    return None if moment is None else (moment - dt.timedelta(hours=8)).isoformat(" ")


def raw_executemany(database: Path, line_count: int) -> float:
    """The same buyers, orders and lines inserted with plain sqlite3 executemany in one transaction.

    Only the inserts are timed: the tuples are built from the generator's orders, chunk by chunk,
    with the clock stopped, already parsed (no quotes, split address, our status codes).
    """
    connection = sqlite3.connect(database, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    store_id = connection.execute("SELECT id FROM stores_store WHERE code = ?", (STORE,)).fetchone()[0]
    sku_ids = dict(connection.execute("SELECT merchant_code, id FROM catalog_sku"))
    stamp = _utc(dt.datetime(2026, 11, 1))
    buyer_ids: dict[int, int] = {}
    order_id = line_id = 0
    elapsed = 0.0
    orders = generate(line_count)
    connection.execute("BEGIN IMMEDIATE")
    while True:
        chunk = [order for _n, order in zip(range(CHUNK), orders, strict=False)]
        if not chunk:
            break
        buyers, order_rows, line_rows = [], [], []
        for order in chunk:
            if order.buyer not in buyer_ids:
                buyer_ids[order.buyer] = len(buyer_ids) + 1
                buyers.append((buyer_ids[order.buyer], *buyer_fields(order.buyer), stamp, store_id))
            _nickname, name, phone = buyer_fields(order.buyer)
            province, city, district, detail, _postcode = buyer_address(order.buyer)
            goods = order.goods
            paid = goods + order.shipping_fee if order.paid else Decimal("0.00")
            order_id += 1
            order_rows.append(
                (order_id, order.number, order.status, False, str(goods), str(order.shipping_fee), "0", "0",
                 str(paid), "0", name, phone, province, city, district, detail, order.message, order.memo, "none",
                 _utc(order.created), _utc(order.paid), None, None, None,
                 _utc(order.created) if order.status == "closed" else None, "", "[]", stamp,
                 buyer_ids[order.buyer], store_id, None, "[]")
            )  # fmt: skip
            for sku, qty, price in order.lines:
                line_id += 1
                title, attributes = sku_title(sku)
                code = sku_code(sku)
                line_rows.append(
                    (line_id, code, title, attributes, str(price), qty, "0", str(price * qty), False, order_id,
                     sku_ids[code])
                )  # fmt: skip
        started = time.perf_counter()
        connection.executemany(
            "INSERT INTO orders_buyer (id, nickname, name, phone, created_at, store_id) VALUES (?, ?, ?, ?, ?, ?)",
            buyers,
        )
        connection.executemany(
            "INSERT INTO orders_order (id, platform_order_id, status, out_of_stock, goods_amount, shipping_fee,"
            " platform_discount, seller_discount, paid_amount, refunded_amount, receiver_name, receiver_phone,"
            " province, city, district, address_detail, buyer_message, seller_memo, memo_flag, created_at, paid_at,"
            " shipped_at, delivered_at, completed_at, closed_at, close_reason, review_reasons, updated_at, buyer_id,"
            " store_id, warehouse_id, anomalies) VALUES (" + ", ".join("?" * 32) + ")",
            order_rows,
        )
        connection.executemany(
            "INSERT INTO orders_orderline (id, merchant_code, title, attributes, unit_price, quantity, discount,"
            " line_total, reserved, order_id, sku_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            line_rows,
        )
        elapsed += time.perf_counter() - started
    started = time.perf_counter()
    connection.execute("COMMIT")
    elapsed += time.perf_counter() - started
    assert connection.execute("SELECT count(*) FROM orders_orderline").fetchone()[0] == line_count
    connection.close()
    return elapsed


# --- django-import-export -------------------------------------------------------------------------


def library_files(directory: Path, orders_path: Path, lines_path: Path, limit: int) -> tuple[Path, Path, int]:
    """The first ``limit`` lines of the line file and their orders' rows of the order file."""
    with lines_path.open(encoding="utf-8-sig") as source:
        kept_lines = [line for _n, line in zip(range(limit + 1), source, strict=False)]
    numbers = {line.split(",", 1)[0] for line in kept_lines[1:]}
    with orders_path.open(encoding="utf-8-sig") as source:
        header = next(source)
        kept_orders = [header, *(line for line in source if line.split(",", 1)[0] in numbers)]
    paths = directory / "library-orders.csv", directory / "library-lines.csv"
    for path, lines in zip(paths, (kept_orders, kept_lines), strict=True):
        path.write_text("".join(lines), encoding="utf-8-sig")
    return paths[0], paths[1], len(kept_orders) - 1


def library_resources() -> tuple[Any, Any, Any]:
    """ModelResources for buyers and orders (from the order file) and lines (from the line file).

    Written the way the library's documentation shows: fields named by their column, foreign keys
    by a natural key (ForeignKeyWidget), cleaning in ``before_import_row``, the store set on save.
    """
    from import_export import fields, resources, widgets

    from zhanggui.catalog.models import Sku
    from zhanggui.orders.models import Buyer, Order, OrderLine
    from zhanggui.stores.models import Store

    store = Store.objects.get(code=STORE)
    statuses = {text: ours for text, ours, _share in STATUSES}

    def unquote(row: dict[str, Any], *columns: str) -> None:
        for column in columns:
            value = row.get(column) or ""
            row[column] = value[2:-1] if value.startswith('="') and value.endswith('"') else value

    class InStore:
        def get_queryset(self) -> Any:
            return self._meta.model.objects.filter(store=store)  # type: ignore[attr-defined]

        def before_save_instance(self, instance: Any, row: Any, **kwargs: Any) -> None:
            instance.store = store

    class BuyerResource(InStore, resources.ModelResource):
        nickname = fields.Field(attribute="nickname", column_name="买家会员名")
        name = fields.Field(attribute="name", column_name="收货人姓名")
        phone = fields.Field(attribute="phone", column_name="联系手机")

        class Meta:
            model = Buyer
            fields = ("nickname", "name", "phone")
            import_id_fields = ("nickname",)

        def before_import_row(self, row: Any, **kwargs: Any) -> None:
            unquote(row, "联系手机")

    class OrderResource(InStore, resources.ModelResource):
        platform_order_id = fields.Field(attribute="platform_order_id", column_name="订单编号")
        buyer = fields.Field(
            attribute="buyer", column_name="买家会员名", widget=widgets.ForeignKeyWidget(Buyer, "nickname")
        )
        status = fields.Field(attribute="status", column_name="status")
        goods_amount = fields.Field(
            attribute="goods_amount", column_name="买家应付货款", widget=widgets.DecimalWidget()
        )
        shipping_fee = fields.Field(
            attribute="shipping_fee", column_name="买家应付邮费", widget=widgets.DecimalWidget()
        )
        paid_amount = fields.Field(
            attribute="paid_amount", column_name="买家实际支付金额", widget=widgets.DecimalWidget()
        )
        refunded_amount = fields.Field(
            attribute="refunded_amount", column_name="退款金额", widget=widgets.DecimalWidget()
        )
        buyer_message = fields.Field(attribute="buyer_message", column_name="买家留言")
        seller_memo = fields.Field(attribute="seller_memo", column_name="订单备注")
        receiver_name = fields.Field(attribute="receiver_name", column_name="收货人姓名")
        receiver_phone = fields.Field(attribute="receiver_phone", column_name="联系手机")
        province = fields.Field(attribute="province", column_name="province")
        city = fields.Field(attribute="city", column_name="city")
        district = fields.Field(attribute="district", column_name="district")
        address_detail = fields.Field(attribute="address_detail", column_name="address_detail")
        created_at = fields.Field(attribute="created_at", column_name="订单创建时间", widget=widgets.DateTimeWidget())
        paid_at = fields.Field(attribute="paid_at", column_name="订单付款时间", widget=widgets.DateTimeWidget())

        class Meta:
            model = Order
            import_id_fields = ("platform_order_id",)

        def before_import_row(self, row: Any, **kwargs: Any) -> None:
            unquote(row, "订单编号", "联系手机")
            row["status"] = statuses[row["订单状态"]]
            address = row["收货地址"].rsplit(" (", 1)[0].split(" ", 3)
            row.update(zip(("province", "city", "district", "address_detail"), address, strict=True))

    class OrderLineResource(resources.ModelResource):
        order = fields.Field(
            attribute="order", column_name="订单编号", widget=widgets.ForeignKeyWidget(Order, "platform_order_id")
        )
        sku = fields.Field(attribute="sku", column_name="sku", widget=widgets.ForeignKeyWidget(Sku, "merchant_code"))
        merchant_code = fields.Field(attribute="merchant_code", column_name="商家编码")
        title = fields.Field(attribute="title", column_name="标题")
        attributes = fields.Field(attribute="attributes", column_name="商品属性")
        unit_price = fields.Field(attribute="unit_price", column_name="价格", widget=widgets.DecimalWidget())
        quantity = fields.Field(attribute="quantity", column_name="购买数量", widget=widgets.IntegerWidget())
        line_total = fields.Field(attribute="line_total", column_name="line_total", widget=widgets.DecimalWidget())

        class Meta:
            model = OrderLine
            import_id_fields = ("order", "merchant_code")

        def before_import_row(self, row: Any, **kwargs: Any) -> None:
            unquote(row, "订单编号")
            row["sku"] = row["商家编码"]
            row["line_total"] = str(Decimal(row["价格"]) * int(row["购买数量"]))

    return BuyerResource(), OrderResource(), OrderLineResource()


def library_import(orders_path: Path, lines_path: Path) -> float:
    """django-import-export: load both files, import buyers, orders, then lines; seconds."""
    import tablib

    buyers, orders, lines = library_resources()
    started = time.perf_counter()
    order_rows = tablib.Dataset().load(orders_path.read_text(encoding="utf-8-sig"), format="csv")
    line_rows = tablib.Dataset().load(lines_path.read_text(encoding="utf-8-sig"), format="csv")
    for resource, dataset in ((buyers, order_rows), (orders, order_rows), (lines, line_rows)):
        result = resource.import_data(dataset, dry_run=False, raise_errors=True)
        assert not result.has_validation_errors(), result.invalid_rows[:3]
    return time.perf_counter() - started


# --- running it ------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="order lines in the file (default 1000000)")
    parser.add_argument("--quick", action="store_true", help="5000 lines, 1000 for the library")
    parser.add_argument(
        "--library-rows", type=int, help="lines django-import-export imports (default 10000, --quick 1000)"
    )
    parser.add_argument("--xlsx", action="store_true", help="also import the pair saved as XLSX")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of our (CSV) import")
    parser.add_argument(
        "--online-retail",
        nargs="?",
        const=str(ONLINE_RETAIL),
        type=Path,
        help="also import UCI Online Retail through the generic mapping (default ../shared/data/online_retail.csv.gz)",
    )
    args = parser.parse_args()
    count = 5000 if args.quick else args.rows
    library_count = min(count, args.library_rows or (1000 if args.quick else 10_000))
    figures: dict[str, Any] = {"rows": count, "library_rows": library_count}
    with tempfile.TemporaryDirectory(prefix="zhanggui-bench-") as tmp:
        directory = Path(tmp)
        # 1,000,000 lines are a 330 MB pair, over the 50 MB the upload check allows by default.
        os.environ["ZHANGGUI_UPLOAD_MAX_BYTES"] = str(1 << 40)
        configure(directory)
        template = directory / "template.sqlite3"
        prepare_database(template)
        started = time.perf_counter()
        pair = write_files(directory, count)
        figures["orders"] = pair[2]
        print(
            f"Taobao order export: {count:,} lines of {pair[2]:,} orders written in"
            f" {time.perf_counter() - started:.1f} s ({pair[0].stat().st_size / 1e6:.1f} MB orders,"
            f" {pair[1].stat().st_size / 1e6:.1f} MB lines); fresh SQLite (WAL) for each importer"
        )
        pairs = {"csv": pair[:2]}
        if args.xlsx:
            pairs["xlsx"] = write_xlsx(directory, *pair[:2])
        ours = {}
        for kind, (orders_path, lines_path) in pairs.items():
            restore(template, database_path())
            ours[kind] = run_ours(orders_path, lines_path, count, args.profile and kind == "csv")
        raw_database = directory / "raw.sqlite3"
        restore(template, raw_database)
        raw_seconds = raw_executemany(raw_database, count)
        restore(template, database_path())
        library_pair = library_files(directory, *pair[:2], library_count)
        library_seconds = library_import(*library_pair[:2])
        if args.online_retail and args.online_retail.exists():
            figures.update(run_online_retail(args.online_retail, directory, template))
        elif args.online_retail:
            print(f"  {args.online_retail} is not there: online retail skipped")
    report(figures, ours, raw_seconds, library_seconds, library_pair[2])


def report(
    figures: dict[str, Any],
    ours: dict[str, dict[str, float]],
    raw_seconds: float,
    library_seconds: float,
    library_orders: int,
) -> None:
    count, library_count = figures["rows"], figures["library_rows"]
    raw_rate, library_rate = count / raw_seconds, library_count / library_seconds
    print(f"  raw sqlite3 executemany (buyer + order + line): {raw_seconds:.2f} s ({raw_rate:,.0f} lines/s)")
    print(
        f"  django-import-export, {library_count:,} lines of {library_orders:,} orders (buyers, orders, lines):"
        f" {library_seconds:.2f} s ({library_rate:,.0f} lines/s)"
    )
    figures.update(raw_executemany_rows_per_s=round(raw_rate), library_rows_per_s=round(library_rate, 1))
    for kind, t in ours.items():
        prefix = "" if kind == "csv" else f"{kind}_"
        rate = count / (t["validate"] + t["write"])
        print(
            f"  ours ({kind.upper()}): preview {t['preview']:.2f} s ({count / t['preview']:,.0f} lines/s), import"
            f" parse+validate+write {t['validate'] + t['write']:.2f} s ({rate:,.0f} lines/s), of which write"
            f" {t['write']:.2f} s ({count / t['write']:,.0f} lines/s); {t['held']:,.0f} orders held for review"
        )
        print(
            f"    ratio to raw {rate / raw_rate:.3f} (goal 0.25),"
            f" to django-import-export {rate / library_rate:.1f}× (goal 20×)"
        )
        figures.update(
            {
                f"{prefix}rows_per_s": round(rate),
                f"{prefix}write_rows_per_s": round(count / t["write"]),
                f"{prefix}preview_rows_per_s": round(count / t["preview"]),
                f"{prefix}ratio_to_raw": round(rate / raw_rate, 3),
                f"{prefix}ratio_to_library": round(rate / library_rate, 1),
            }
        )
    figures["orders_held"] = round(ours["csv"]["held"])
    print(json.dumps(figures, sort_keys=True))


def run_ours(orders_path: Path, lines_path: Path, count: int, profile: bool) -> dict[str, float]:
    """Our Taobao pair import as the product runs it (``order_import_file``: upload, check, confirm,
    run; tasks inline); timings in seconds, from the job."""
    from zhanggui.accounts.models import Staff
    from zhanggui.orders.imports import TAOBAO, order_import_file
    from zhanggui.orders.models import Order, OrderLine
    from zhanggui.stores.models import Store

    by, store = Staff.objects.get(username="bench"), Store.objects.get(code=STORE)
    profiler = cProfile.Profile() if profile else None
    if profiler:
        profiler.enable()
    job = order_import_file(by=by, store=store, file_format=TAOBAO, path=orders_path, companion_path=lines_path)
    if profiler:
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
    assert job.status == "done", (job.status, job.message, job.errors[:5])
    assert OrderLine.objects.count() == count, "not every line was written"
    assert job.checked_at and job.finished_at and job.started_at
    return {
        "preview": (job.checked_at - job.created_at).total_seconds(),
        "validate": job.result["validate_seconds"],
        "write": job.result["write_seconds"],
        "held": job.result.get("orders_held", 0),
        "orders": Order.objects.count(),
    }


# --- optional: a real data set through the generic mapping ---------------------------------------------

ONLINE_RETAIL = ROOT.parent / "shared" / "data" / "online_retail.csv.gz"
RETAIL_MAPPING = {
    "order_no": "InvoiceNo",
    "buyer": "CustomerID",
    "status": "Status",
    "created": "InvoiceDate",
    "title": "Description",
    "merchant_code": "StockCode",
    "price": "UnitPrice",
    "quantity": "Quantity",
}


def retail_file(source: Path, directory: Path) -> tuple[Path, int]:
    """UCI Online Retail as our import reads it: the Status column the data set lacks (every invoice
    ``completed``; the cancellations' is not read) and guests (no CustomerID) one buyer per invoice.
    Cancellations ("C…", negative quantities) stay in: they refund the orders they reverse."""
    path = directory / "online_retail.csv"
    rows = 0
    with gzip.open(source, "rt", encoding="utf-8", newline="") as handle, path.open("w", newline="") as out:
        reader, writer = csv.DictReader(handle), csv.writer(out)
        writer.writerow([*(reader.fieldnames or ()), "Status"])
        for row in reader:
            row["CustomerID"] = row["CustomerID"] or f"guest-{row['InvoiceNo']}"
            writer.writerow([*row.values(), "completed"])
            rows += 1
    return path, rows


def refused_invoices(path: Path, by: Any, store: Any) -> tuple[set[str], int]:
    """The invoices with a refused row (all their rows are left out, as a person fixing the file would)
    and the number of refused rows, from the import's own check of the file."""
    from django.core.files import File

    from zhanggui.core.imports import validating
    from zhanggui.core.uploads import check_upload
    from zhanggui.orders.imports import GENERIC, IMPORTERS, order_import_upload

    validating.ERRORS_KEPT = 10**9  # every refused row, not the first 200 the job page shows
    with path.open("rb") as stream:
        upload = File(stream, name=path.name)
        job = order_import_upload(by=by, store=store, file_format=GENERIC, upload=upload, name=path.name)
    with path.open("rb") as stream:
        validation = validating.import_validate(
            IMPORTERS[GENERIC], by=by, stream=stream, upload=check_upload(stream), job=job
        )
    rows = {error["row"] for error in validation.errors}
    with path.open(newline="") as handle:
        invoices = {line[0] for number, line in enumerate(csv.reader(handle), start=1) if number in rows}
    return invoices, len(rows)


def without_invoices(path: Path, invoices: set[str]) -> tuple[Path, int]:
    kept_path, kept = path.with_name(f"kept-{path.name}"), 0
    with path.open(newline="") as handle, kept_path.open("w", newline="") as out:
        reader, writer = csv.reader(handle), csv.writer(out)
        writer.writerow(next(reader))
        for line in reader:
            if line[0] not in invoices:
                writer.writerow(line)
                kept += 1
    kept_path.replace(path)
    return path, kept


def run_online_retail(source: Path, directory: Path, template: Path) -> dict[str, Any]:
    """The data set through the store's saved column mapping (generic import), on a fresh copy: the
    invoices with refused rows are left out (checked again until none is refused), the rest imported."""
    from django.db.models import F

    from zhanggui.accounts.models import Staff
    from zhanggui.orders.imports import GENERIC, order_import_file, order_import_mapping_save
    from zhanggui.orders.models import Order
    from zhanggui.stores.models import Store

    path, total = retail_file(source, directory)
    restore(template, database_path())
    by, store = Staff.objects.get(username="bench"), Store.objects.get(code=STORE)
    order_import_mapping_save(by=by, store=store, columns=RETAIL_MAPPING)
    refused_rows, left_out, kept = 0, set(), total
    for _round in range(5):  # leaving out an invoice can leave a cancellation of it unmatched
        invoices, rows = refused_invoices(path, by, store)
        if not invoices:
            break
        refused_rows += rows
        left_out |= invoices
        path, kept = without_invoices(path, invoices)
    job = order_import_file(by=by, store=store, file_format=GENERIC, path=path)
    assert job.status == "done", (job.status, job.message, job.errors[:5])
    result = job.result
    seconds = result["validate_seconds"] + result["write_seconds"]
    figures = {
        "online_retail_rows": total,
        "online_retail_rows_refused": refused_rows,
        "online_retail_rows_left_out": total - kept,
        "online_retail_invoices_left_out": len(left_out),
        "online_retail_orders": result["orders_created"],
        "online_retail_cancellations": result.get("cancellations", 0),
        "online_retail_orders_refunded": result.get("refunds_recorded", 0),
        "online_retail_orders_refunded_in_full": result.get("orders_refunded_in_full", 0),
        "online_retail_refunded_total": result.get("refunded_total", "0.00"),
        "online_retail_paid_at_is_ordered": Order.objects.filter(paid_at=F("created_at")).count(),
        "online_retail_rows_per_s": round(kept / seconds),
    }
    print(
        f"  online_retail.csv.gz through the generic mapping: {total:,} rows, {refused_rows:,} refused"
        f" ({len(left_out):,} invoices, {total - kept:,} rows left out); {kept:,} rows imported in {seconds:.2f} s"
        f" ({kept / seconds:,.0f} rows/s): {result['orders_created']:,} orders,"
        f" {figures['online_retail_cancellations']:,} cancellations refunding"
        f" {figures['online_retail_orders_refunded']:,} orders (£{figures['online_retail_refunded_total']})"
    )
    return figures


if __name__ == "__main__":
    main()
