"""Schemas of the knowledge-panel API (no ``from __future__``: ninja reads the annotations)."""

from decimal import Decimal
from typing import Any

from ninja import Field, Schema


class SkuStockOut(Schema):
    id: int
    merchant_code: str
    attributes: dict[str, Any]
    list_price: Decimal
    is_active: bool
    available: int = Field(description="Units left to sell now: on hand − reserved, over all warehouses.")


class PanelProductOut(Schema):
    id: int
    spu_code: str
    name: str
    category: str
    skus: list[SkuStockOut]

    @staticmethod
    def resolve_category(obj: Any) -> str:
        return obj.category.name if obj.category_id else ""

    @staticmethod
    def resolve_skus(obj: Any) -> list[Any]:
        return list(obj.sku_rows)


class PanelEntryOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    product_id: int | None


class KnowledgePanelOut(Schema):
    query: str
    products: list[PanelProductOut]
    entries: list[PanelEntryOut]
