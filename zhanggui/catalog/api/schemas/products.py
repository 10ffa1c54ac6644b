"""Input and output schemas of the catalog API (no ``from __future__``: ninja reads the annotations)."""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from ninja import Field, Schema

from zhanggui.core.api import Id

from ...models import Product, Stock

Money = Annotated[Decimal, Field(ge=0, max_digits=12, decimal_places=2, examples=["129.00"])]
Units = Annotated[int, Field(ge=0, le=2_000_000_000)]
Reason = Annotated[str, Field(min_length=1, max_length=500, description="Why; kept in the audit log.")]
SORT_ORDER_MAX = 2_147_483_647  # the largest value the order column holds on PostgreSQL
ListingStatusCode = Literal["online", "offline"]
KnowledgeKindCode = Literal["selling_point", "faq", "size_chart"]
PriceMode = Literal["set", "increase_pct", "decrease_pct", "increase_amount", "decrease_amount"]


# --- categories --------------------------------------------------------------------------------
class CategoryOut(Schema):
    """A node of the category tree."""

    id: int
    name: str
    parent_id: int | None = Field(description="The parent category; null at the top level.")
    sort_order: int = Field(description="Position among its siblings (lower first).")
    path: list[str] = Field(description="Names from the top level down to this category.")

    @staticmethod
    def resolve_path(obj: Any) -> list[str]:
        return obj.path_names()


class CategoryIn(Schema):
    """A new category."""

    name: str = Field(min_length=1, max_length=60)
    parent_id: Id | None = Field(None, description="Put it under this category; omit for the top level.")
    sort_order: int = Field(0, ge=0, le=SORT_ORDER_MAX)


class CategoryPatch(Schema):
    """Changes to a category; omitted fields stay. ``parent_id: null`` moves it to the top level."""

    name: str | None = Field(None, min_length=1, max_length=60)
    sort_order: int | None = Field(None, ge=0, le=SORT_ORDER_MAX)
    parent_id: Id | None = Field(None, description="Move under this category (never under itself).")


# --- products, SKUs, listings --------------------------------------------------------------------
class ListingOut(Schema):
    """The product offered in one store, listed (上架, ``online``) or delisted (下架, ``offline``)."""

    id: int
    product_id: int
    store_id: int
    store_code: str = Field(alias="store.code")
    store_name: str = Field(alias="store.name")
    status: ListingStatusCode
    platform_item_id: str = Field(description="The item's id on the platform, when known.")
    changed_at: dt.datetime = Field(description="When the status last changed (UTC).")


class SkuAttributes(Schema):
    """The SKU's attributes; omitted or empty ones are not set."""

    color: str | None = Field(None, max_length=40, description="颜色 colour")
    size: str | None = Field(None, max_length=40, description="尺码 size")
    material: str | None = Field(None, max_length=40, description="材质 material")
    style: str | None = Field(None, max_length=40, description="款式 style")


class SkuOut(Schema):
    """A sellable variant of a product with its prices and available units."""

    id: int
    product_id: Id
    merchant_code: str = Field(description="商家编码, unique across the merchant.")
    barcode: str
    attributes: dict[str, str] = Field(description="Keys among color, size, material, style.")
    list_price: Decimal = Field(description="Price in the store's currency, two decimal places.")
    price_floor: Decimal = Field(description="No price change may go below this.")
    is_active: bool = Field(description="Whether the SKU is on sale.")
    available: int = Field(description="Units on hand minus reserved, over all warehouses.")
    updated_at: dt.datetime


class ProductOut(Schema):
    """A product (SPU) with the listings the caller may see."""

    id: int
    spu_code: str
    name: str
    category_id: int | None
    brand: str
    updated_at: dt.datetime
    sku_count: int
    listings: list[ListingOut]

    @staticmethod
    def resolve_sku_count(obj: Product) -> int:
        return len(obj.sku_rows)  # type: ignore[attr-defined]

    @staticmethod
    def resolve_listings(obj: Product) -> list[Any]:
        return obj.visible_listings  # type: ignore[attr-defined]


class ProductDetailOut(ProductOut):
    """A product with its description and SKUs."""

    description: str
    created_at: dt.datetime
    skus: list[SkuOut]

    @staticmethod
    def resolve_skus(obj: Product) -> list[Any]:
        return obj.sku_rows  # type: ignore[attr-defined]


class ProductIn(Schema):
    """A new product, offered (delisted) in each of ``store_ids``."""

    spu_code: str = Field(min_length=1, max_length=40, description="The merchant's product code, unique.")
    name: str = Field(min_length=1, max_length=120)
    category_id: Id | None = None
    brand: str = Field("", max_length=60)
    description: str = ""
    store_ids: list[Id] = Field(min_length=1, description="Stores to offer it in; at least one.")


class ProductPatch(Schema):
    """Changes to a product; omitted fields stay."""

    spu_code: str | None = Field(None, min_length=1, max_length=40)
    name: str | None = Field(None, min_length=1, max_length=120)
    category_id: Id | None = None
    brand: str | None = Field(None, max_length=60)
    description: str | None = None
    reason: str = Field("", max_length=500)


class SkuIn(Schema):
    """A new SKU of a product."""

    product_id: Id
    merchant_code: str = Field(min_length=1, max_length=40)
    barcode: str = Field("", max_length=32)
    attributes: SkuAttributes = Field(default_factory=SkuAttributes)
    list_price: Money
    price_floor: Money = Decimal("0.00")


class SkuPatch(Schema):
    """Changes to a SKU's codes, attributes or sale status; prices change through the price endpoints."""

    merchant_code: str | None = Field(None, min_length=1, max_length=40)
    barcode: str | None = Field(None, max_length=32)
    attributes: SkuAttributes | None = None
    is_active: bool | None = None
    reason: str = Field("", max_length=500)


class PriceIn(Schema):
    """A new list price; refused below the SKU's price floor."""

    list_price: Money
    reason: Reason


class PriceFloorIn(Schema):
    """A new price floor; refused above the current list price."""

    price_floor: Money
    reason: Reason


class PriceBatchIn(Schema):
    """Change many SKUs' prices. If any would fall below its floor, nothing changes (422, one error per SKU)."""

    sku_ids: list[Id] = Field(min_length=1, max_length=1000)
    mode: PriceMode = Field(
        description="set: the price becomes value; increase_pct/decrease_pct: by value percent (rounded to "
        "the cent); increase_amount/decrease_amount: by value."
    )
    value: Money
    reason: Reason


class ListingStatusIn(Schema):
    status: ListingStatusCode


class ListingSetIn(Schema):
    """List or delist a product in a store; offers it there first if the store did not yet."""

    product_id: Id
    store_id: Id
    status: ListingStatusCode


class ListingBatchIn(Schema):
    listing_ids: list[Id] = Field(min_length=1, max_length=1000)
    status: ListingStatusCode


# --- warehouses and stock ------------------------------------------------------------------------
class WarehouseOut(Schema):
    """A place stock is kept and shipped from."""

    id: int
    code: str
    name: str
    region: str
    is_active: bool


class WarehouseIn(Schema):
    code: str = Field(min_length=1, max_length=30, pattern=r"^[-a-zA-Z0-9_]+$")
    name: str = Field(min_length=1, max_length=60)
    region: str = Field("", max_length=60)


class WarehousePatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=60)
    region: str | None = Field(None, max_length=60)
    is_active: bool | None = None


class StockOut(Schema):
    """Units of one SKU in one warehouse."""

    id: int
    sku_id: int
    merchant_code: str = Field(alias="sku.merchant_code")
    product_id: int = Field(alias="sku.product_id")
    product_name: str = Field(alias="sku.product.name")
    warehouse_id: int
    warehouse_code: str = Field(alias="warehouse.code")
    on_hand: int
    reserved: int = Field(description="Held for paid orders not yet shipped.")
    available: int = Field(description="on_hand - reserved")
    low_stock_threshold: int
    is_low: bool = Field(description="available <= low_stock_threshold")
    updated_at: dt.datetime

    @staticmethod
    def resolve_available(obj: Stock) -> int:
        return obj.on_hand - obj.reserved

    @staticmethod
    def resolve_is_low(obj: Stock) -> bool:
        return obj.on_hand - obj.reserved <= obj.low_stock_threshold


class StockAdjustIn(Schema):
    """Set the counted units of a SKU in a warehouse (never below what is reserved)."""

    sku_id: Id
    warehouse_id: Id
    on_hand: Units
    reason: Reason


class StockCountIn(Schema):
    sku_id: Id
    warehouse_id: Id
    on_hand: Units


class StockBatchIn(Schema):
    """Set many counts; if any would fall below its reserved units, nothing changes (409)."""

    counts: list[StockCountIn] = Field(min_length=1, max_length=1000)
    reason: Reason


class ThresholdIn(Schema):
    stock_ids: list[Id] = Field(min_length=1, max_length=1000)
    low_stock_threshold: Units


# --- knowledge ------------------------------------------------------------------------------------
class KnowledgeOut(Schema):
    """A selling point, FAQ answer or size chart, about one product or general (product_id null)."""

    id: int
    product_id: int | None
    kind: KnowledgeKindCode
    title: str
    body: str
    updated_at: dt.datetime


class KnowledgeHitOut(KnowledgeOut):
    title_hits: int = Field(description="How many query words appear in the title (results sort by it).")


class KnowledgeIn(Schema):
    product_id: Id | None = None
    kind: KnowledgeKindCode
    title: str = Field(min_length=1, max_length=120)
    body: str = Field(min_length=1)


class KnowledgePatch(Schema):
    """Changes to an entry; omitted fields stay. ``product_id: null`` makes it general."""

    product_id: Id | None = None
    kind: KnowledgeKindCode | None = None
    title: str | None = Field(None, min_length=1, max_length=120)
    body: str | None = Field(None, min_length=1)


# --- list filters ---------------------------------------------------------------------------------
class ProductFilters(Schema):
    q: str | None = Field(None, description="Name, product code, merchant code or barcode contains this.")
    category: Id | None = Field(None, description="In this category or below it.")
    store: Id | None = Field(None, description="Offered in this store.")
    status: ListingStatusCode | None = Field(None, description="Has a listing with this status (in `store` if given).")
    low_only: bool = Field(False, description="Only those with a stock row at or below its threshold.")


class SkuFilters(ProductFilters):
    product: Id | None = Field(None, description="SKUs of this product.")
    is_active: bool | None = None


class StockFilters(Schema):
    q: str | None = Field(None, description="Merchant code, barcode or product name contains this.")
    warehouse: Id | None = None
    category: Id | None = None
    sku: Id | None = None
    product: Id | None = None
    low_only: bool = False


class KnowledgeFilters(Schema):
    product: Id | None = None
    kind: KnowledgeKindCode | None = None


class KnowledgeSearchFilters(KnowledgeFilters):
    q: str = Field(min_length=1, max_length=100, description="Words (Chinese is split by jieba); all must appear.")
