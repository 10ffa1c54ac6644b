"""Writing a validated product file set-wise: one ``executemany`` upsert per table.

Runs inside the import job's single transaction (see ``core.imports.import_job_run``). The current
rows are read first, so only new or changed rows are written and the counts say what changed;
``INSERT … ON CONFLICT … DO UPDATE`` keeps the same SQL on SQLite and PostgreSQL and stays correct
if another write slipped in between. Rows go in key order, so concurrent imports lock in one order.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.backends.utils import CursorWrapper
from django.utils import timezone

from ..models import Category, ListingStatus, Stock
from .validation import CENTS, ProductLine, ProductRows, SkuLine, rows_for_keys

PRODUCT_UPSERT = """
INSERT INTO catalog_product (spu_code, name, category_id, brand, description, created_at, updated_at)
VALUES (%s, %s, %s, %s, '', %s, %s)
ON CONFLICT (spu_code) DO UPDATE SET
    name = excluded.name, category_id = excluded.category_id, brand = excluded.brand, updated_at = excluded.updated_at
"""

SKU_UPSERT = """
INSERT INTO catalog_sku (product_id, merchant_code, barcode, attributes, list_price, price_floor, is_active, updated_at)
VALUES ((SELECT id FROM catalog_product WHERE spu_code = %s), %s, %s, %s, %s, %s, %s, %s)
ON CONFLICT (merchant_code) DO UPDATE SET
    product_id = excluded.product_id, barcode = excluded.barcode, attributes = excluded.attributes,
    list_price = excluded.list_price, price_floor = excluded.price_floor, updated_at = excluded.updated_at
"""

STOCK_UPSERT = """
INSERT INTO catalog_stock (sku_id, warehouse_id, on_hand, reserved, low_stock_threshold, updated_at)
VALUES ((SELECT id FROM catalog_sku WHERE merchant_code = %s), %s, %s, %s, %s, %s)
ON CONFLICT (sku_id, warehouse_id) DO UPDATE SET on_hand = excluded.on_hand, updated_at = excluded.updated_at
"""

LISTING_UPSERT = """
INSERT INTO catalog_listing (product_id, store_id, status, platform_item_id, changed_at)
VALUES ((SELECT id FROM catalog_product WHERE spu_code = %s), %s, %s, '', %s)
ON CONFLICT (product_id, store_id) DO UPDATE SET status = excluded.status, changed_at = excluded.changed_at
"""


def product_rows_write(data: ProductRows) -> dict[str, int]:
    """Create and update products, SKUs, stock and listings; returns what changed."""
    stamp = connection.ops.adapt_datetimefield_value(timezone.now())
    category_ids, categories_created = _categories({line.category for line in data.products.values()})
    with connection.cursor() as cursor:
        counts = {
            **_write_products(cursor, data.products, category_ids, stamp),
            **_write_skus(cursor, data.skus, stamp),
            **_write_stock(cursor, data.skus, stamp),
            **_write_listings(cursor, data.products, stamp),
        }
    counts["categories_created"] = categories_created
    # The figures the progress bar shows: SKUs (rows of the file) created and changed.
    counts["created"], counts["updated"] = counts["skus_created"], counts["skus_updated"]
    return counts


def _categories(paths: set[tuple[str, ...]]) -> tuple[dict[tuple[str, ...], int], int]:
    """The id of each category path, creating missing nodes (category trees are small)."""
    nodes: dict[tuple[int | None, str], int] = {
        (parent, name): pk for pk, parent, name in Category.objects.values_list("id", "parent_id", "name")
    }
    ids: dict[tuple[str, ...], int] = {}
    created = 0
    for path in sorted(p for p in paths if p):
        parent: int | None = None
        for name in path:
            if (parent, name) not in nodes:
                nodes[parent, name] = Category.objects.create(name=name, parent_id=parent).pk
                created += 1
            parent = nodes[parent, name]
        ids[path] = parent  # type: ignore[assignment]
    return ids, created


CURRENT_PRODUCTS = "SELECT spu_code, name, category_id, brand FROM catalog_product WHERE spu_code IN ({keys})"
CURRENT_SKUS = """
SELECT s.merchant_code, p.spu_code, s.barcode, s.attributes, s.list_price, s.price_floor
FROM catalog_sku s JOIN catalog_product p ON p.id = s.product_id
WHERE s.merchant_code IN ({keys})
"""
CURRENT_STOCK = """
SELECT s.merchant_code, st.warehouse_id, st.on_hand
FROM catalog_stock st JOIN catalog_sku s ON s.id = st.sku_id
WHERE s.merchant_code IN ({keys})
"""
CURRENT_LISTINGS = """
SELECT p.spu_code, l.store_id, l.status
FROM catalog_listing l JOIN catalog_product p ON p.id = l.product_id
WHERE p.spu_code IN ({keys})
"""


def _money(value: Any) -> Decimal:
    # SQLite hands back decimals as int or float, PostgreSQL as Decimal.
    return Decimal(str(value)).quantize(CENTS)


def _json(value: Any) -> Any:
    # SQLite hands back JSON as text, PostgreSQL (jsonb) already decoded.
    return json.loads(value) if isinstance(value, str) else value


def _write_products(
    cursor: CursorWrapper, products: dict[str, ProductLine], category_ids: dict[tuple[str, ...], int], stamp: Any
) -> dict[str, int]:
    current = {row[0]: row[1:] for row in rows_for_keys(CURRENT_PRODUCTS, list(products))}
    params, created, updated = [], 0, 0
    for spu in sorted(products):
        line = products[spu]
        values = (line.name, category_ids.get(line.category), line.brand)
        old = current.get(spu)
        if old == values:
            continue
        created, updated = (created + 1, updated) if old is None else (created, updated + 1)
        params.append((spu, *values, stamp, stamp))
    if params:
        cursor.executemany(PRODUCT_UPSERT, params)
    return {"products_created": created, "products_updated": updated}


def _write_skus(cursor: CursorWrapper, skus: list[SkuLine], stamp: Any) -> dict[str, int]:
    current = {
        code: (spu, barcode, _json(attributes), _money(price), _money(floor))
        for code, spu, barcode, attributes, price, floor in rows_for_keys(CURRENT_SKUS, [s[2] for s in skus])
    }
    params, created, updated = [], 0, 0
    encoded: dict[tuple[tuple[str, str], ...], str] = {}  # few colour/size combinations: encode each once
    for _row, spu, code, barcode, attributes, price, floor, _warehouse, _on_hand in sorted(skus, key=_by_code):
        old = current.get(code)
        if old == (spu, barcode, attributes, price, floor):
            continue
        created, updated = (created + 1, updated) if old is None else (created, updated + 1)
        key = tuple(attributes.items())
        text = encoded.get(key)
        if text is None:
            text = encoded[key] = json.dumps(attributes)
        params.append((spu, code, barcode, text, price, floor, True, stamp))
    if params:
        cursor.executemany(SKU_UPSERT, params)
    return {"skus_created": created, "skus_updated": updated, "skus_unchanged": len(skus) - created - updated}


def _write_stock(cursor: CursorWrapper, skus: list[SkuLine], stamp: Any) -> dict[str, int]:
    stocked = sorted((s for s in skus if s[7] is not None), key=_by_code)
    current = {(c, w): n for c, w, n in rows_for_keys(CURRENT_STOCK, [s[2] for s in stocked])}
    reserved = Stock._meta.get_field("reserved").get_default()
    threshold = Stock._meta.get_field("low_stock_threshold").get_default()
    params = [
        (code, warehouse, on_hand, reserved, threshold, stamp)
        for _row, _spu, code, *_sku, warehouse, on_hand in stocked
        if current.get((code, warehouse)) != on_hand
    ]
    if params:
        cursor.executemany(STOCK_UPSERT, params)
    return {"stock_set": len(params)}


def _write_listings(cursor: CursorWrapper, products: dict[str, ProductLine], stamp: Any) -> dict[str, int]:
    listed = sorted(spu for spu, line in products.items() if line.stores)
    current = {(p, s): status for p, s, status in rows_for_keys(CURRENT_LISTINGS, listed)}
    params, created, changed = [], 0, 0
    for spu in listed:
        line = products[spu]
        for store_id in sorted(line.stores):
            old = current.get((spu, store_id))
            if old is None:
                created += 1
                params.append((spu, store_id, line.status or ListingStatus.OFFLINE, stamp))
            elif line.status and line.status != old:
                changed += 1
                params.append((spu, store_id, line.status, stamp))
    if params:
        cursor.executemany(LISTING_UPSERT, params)
    return {"listings_created": created, "listings_changed": changed}


def _by_code(sku: SkuLine) -> str:
    return sku[2]
