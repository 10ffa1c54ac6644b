"""Demo catalog of 暖木: categories, warehouses, products with colour × size SKUs, stock, listings, knowledge.

Every product is planned from its own generator seeded by (run seed, product code), so a product
looks the same at every demo size and a bigger size only adds products. Rows are upserted by
natural key with ``bulk_create`` (product code, merchant code, SKU + warehouse, product + store,
product + title): a rerun creates nothing and changes nothing.
"""

from __future__ import annotations

import random
from typing import Any

from django.utils import timezone

from ..models import Category, KnowledgeEntry, KnowledgeKind, Listing, Product, Sku, Stock, Warehouse
from ..selectors.search import search_text
from .assortment import BRAND, CATEGORY_TREE, LINES, WAREHOUSES
from .knowledge import SIZE_CHARTS, STORE_FAQ, size_chart_text
from .pictures import upsert_pictures
from .plan import ProductPlan, plan_product

BATCH = 500


def build(ctx: Any) -> None:
    """Upsert the demo catalog; needs ``ctx.made["stores"]`` ({platform: Store}) from the stores builder."""
    now = timezone.now()
    base_seed = ctx.rng.getrandbits(64)
    stores = ctx.made["stores"]
    plans = []
    for index, line in enumerate(LINES):
        taken: set[str] = set()  # names already used in this line
        for seq in range(1, line.per_scale * ctx.scale + 1):
            rng = random.Random(f"{base_seed}:{line.prefix}:{seq}")  # noqa: S311 - demo data is deterministic on purpose
            plans.append(plan_product(rng, line, index, seq, taken, list(stores), now))
    categories = upsert_categories()
    warehouses = {
        code: Warehouse.objects.get_or_create(code=code, defaults={"name": name, "region": region})[0]
        for code, name, region in WAREHOUSES
    }
    product_ids, new_products = upsert_products(plans, categories)
    sku_ids, new_skus = upsert_skus(plans, product_ids)
    counts = {
        "products": (len(plans), new_products),
        "SKUs": (len(sku_ids), new_skus),
        "stock rows": upsert_stock(plans, sku_ids, warehouses),
        "listings": upsert_listings(plans, product_ids, stores),
        "knowledge entries": upsert_knowledge(plans, product_ids),
    }
    pictures, drawings = upsert_pictures(plans, product_ids, sku_ids)
    ctx.log.append(f"categories: {len(CATEGORY_TREE) + len(categories)}; warehouses: {len(warehouses)}")
    ctx.log.extend(f"{label}: {total} ({new} new)" for label, (total, new) in counts.items())
    ctx.log.append(f"pictures: {pictures} new, showing {drawings} drawings")


def upsert_categories() -> dict[str, Category]:
    """The tree 女装 › 连衣裙 …; returns the leaf categories by name."""
    roots = {
        name: Category.objects.get_or_create(parent=None, name=name, defaults={"sort_order": order})[0]
        for name, order in CATEGORY_TREE.items()
    }
    leaves = {}
    for order, line in enumerate(LINES, 1):
        leaves[line.noun], _created = Category.objects.get_or_create(
            parent=roots[line.parent], name=line.noun, defaults={"sort_order": order}
        )
    return leaves


def upsert_products(plans: list[ProductPlan], categories: dict[str, Category]) -> tuple[dict[str, int], int]:
    """Returns the product ids by product code and how many products were created."""
    existing = set(Product.objects.values_list("spu_code", flat=True))
    new = [
        Product(
            spu_code=p.spu_code,
            name=p.name,
            category=categories[p.line.noun],
            brand=BRAND,
            description=p.description,
            created_at=p.created_at,
            updated_at=p.updated_at,
        )
        for p in plans
        if p.spu_code not in existing
    ]
    Product.objects.bulk_create(new, batch_size=BATCH)
    wanted = {p.spu_code for p in plans}
    ids = {code: pk for code, pk in Product.objects.values_list("spu_code", "id") if code in wanted}
    return ids, len(new)


def upsert_skus(plans: list[ProductPlan], product_ids: dict[str, int]) -> tuple[dict[str, int], int]:
    """Returns the SKU ids by merchant code and how many SKUs were created."""
    existing = set(Sku.objects.values_list("merchant_code", flat=True))
    new = [
        Sku(
            product_id=product_ids[p.spu_code],
            merchant_code=s.merchant_code,
            barcode=s.barcode,
            attributes=s.attributes,
            list_price=s.list_price,
            price_floor=s.price_floor,
            updated_at=p.updated_at,
        )
        for p in plans
        for s in p.skus
        if s.merchant_code not in existing
    ]
    Sku.objects.bulk_create(new, batch_size=BATCH)
    wanted = {s.merchant_code for p in plans for s in p.skus}
    ids = {code: pk for code, pk in Sku.objects.values_list("merchant_code", "id") if code in wanted}
    return ids, len(new)


def upsert_stock(
    plans: list[ProductPlan], sku_ids: dict[str, int], warehouses: dict[str, Warehouse]
) -> tuple[int, int]:
    existing = set(Stock.objects.values_list("sku_id", "warehouse_id"))
    total, new = 0, []
    for p in plans:
        for s in p.skus:
            for code, on_hand in s.stock.items():
                total += 1
                key = (sku_ids[s.merchant_code], warehouses[code].pk)
                if key not in existing:
                    new.append(
                        Stock(
                            sku_id=key[0],
                            warehouse_id=key[1],
                            on_hand=on_hand,
                            low_stock_threshold=p.line.low_stock_threshold,
                            updated_at=p.updated_at,
                        )
                    )
    Stock.objects.bulk_create(new, batch_size=BATCH)
    return total, len(new)


def upsert_listings(plans: list[ProductPlan], product_ids: dict[str, int], stores: dict[str, Any]) -> tuple[int, int]:
    existing = set(Listing.objects.values_list("product_id", "store_id"))
    total, new = 0, []
    for p in plans:
        for platform, (status, item_id) in p.listings.items():
            total += 1
            key = (product_ids[p.spu_code], stores[platform].pk)
            if key not in existing:
                new.append(
                    Listing(
                        product_id=key[0],
                        store_id=key[1],
                        status=status,
                        platform_item_id=item_id,
                        changed_at=p.updated_at,
                    )
                )
    Listing.objects.bulk_create(new, batch_size=BATCH)
    return total, len(new)


def upsert_knowledge(plans: list[ProductPlan], product_ids: dict[str, int]) -> tuple[int, int]:
    """Per product: its selling points and FAQ; store-wide: the FAQ and a size chart per category."""
    entries: list[tuple[int | None, str, str, str]] = [
        (None, KnowledgeKind.FAQ, question, answer) for question, answer in STORE_FAQ
    ]
    entries += [(None, KnowledgeKind.SIZE_CHART, f"{noun}尺码表", size_chart_text(noun)) for noun in SIZE_CHARTS]
    entries += [(product_ids[p.spu_code], *entry) for p in plans for entry in p.knowledge]
    existing = set(KnowledgeEntry.objects.values_list("product_id", "title"))
    new = [
        KnowledgeEntry(
            product_id=product_id,
            kind=kind,
            title=title,
            body=body,
            search_text=search_text(title, body),
        )
        for product_id, kind, title, body in entries
        if (product_id, title) not in existing
    ]
    KnowledgeEntry.objects.bulk_create(new, batch_size=BATCH)
    return len(entries), len(new)
