"""Schemas of the product, SKU, price and listing API (no ``from __future__``: ninja reads the annotations)."""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from ninja import Field, Schema

from zhanggui.core.api import GuardedSchema, Id

from ...models import Product, Sku
from .images import PictureOut, picture_of

Money = Annotated[Decimal, Field(ge=0, max_digits=12, decimal_places=2, examples=["129.00"])]
Reason = Annotated[str, Field(min_length=1, max_length=500, description="Why; kept in the audit log.")]
ListingStatusCode = Literal["online", "offline"]
PriceMode = Literal["set", "increase_pct", "decrease_pct", "increase_amount", "decrease_amount"]


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


class SkuOut(GuardedSchema):
    """A sellable variant of a product with its prices and available units."""

    only_for = {"price_floor": "catalog.price"}

    id: int
    product_id: Id
    merchant_code: str = Field(description="商家编码, unique across the merchant.")
    barcode: str
    attributes: dict[str, str] = Field(description="Keys among color, size, material, style.")
    list_price: Decimal = Field(description="Price in the store's currency, two decimal places.")
    price_floor: Decimal = Field(description="No price change may go below this.")
    is_active: bool = Field(description="Whether the SKU is on sale.")
    available: int = Field(description="Units on hand minus reserved, over all warehouses.")
    picture: PictureOut | None = Field(description="The SKU's own picture, else its product's main one; null if none.")
    updated_at: dt.datetime

    @staticmethod
    def resolve_picture(obj: Sku) -> dict[str, str] | None:
        return picture_of(getattr(obj, "picture", None))


class ProductOut(Schema):
    """A product (SPU) with the listings the caller may see."""

    id: int
    spu_code: str
    name: str
    category_id: int | None
    brand: str
    updated_at: dt.datetime
    sku_count: int
    main_picture: PictureOut | None = Field(description="The first of the product's pictures; null if none.")
    listings: list[ListingOut]

    @staticmethod
    def resolve_main_picture(obj: Product) -> dict[str, str] | None:
        return picture_of(getattr(obj, "main_image", None))

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
