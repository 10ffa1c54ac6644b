"""Schemas of the warehouse and stock API (no ``from __future__``: ninja reads the annotations)."""

import datetime as dt
from typing import Annotated

from ninja import Field, Schema

from zhanggui.core.api import Id

from ...models import Stock
from .products import Reason

Units = Annotated[int, Field(ge=0, le=2_000_000_000)]


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


class StockFilters(Schema):
    q: str | None = Field(None, description="Merchant code, barcode or product name contains this.")
    warehouse: Id | None = None
    category: Id | None = None
    sku: Id | None = None
    product: Id | None = None
    low_only: bool = False
