"""Schemas of the product knowledge API (no ``from __future__``: ninja reads the annotations)."""

import datetime as dt
from typing import Any, Literal

from ninja import Field, Schema

from zhanggui.core.api import Id

KnowledgeKindCode = Literal["selling_point", "faq", "size_chart", "usage", "installation"]


class KnowledgeOut(Schema):
    """A selling point, FAQ answer or size chart, about one product or general (product_id null)."""

    id: int
    product_id: int | None
    kind: KnowledgeKindCode
    title: str
    body: str
    sku_ids: list[int] = Field(description="The SKUs a guide is for (empty: the whole product, or general).")
    updated_at: dt.datetime

    @staticmethod
    def resolve_sku_ids(obj: Any) -> list[int]:
        return sorted(sku.pk for sku in obj.skus.all())


class KnowledgeHitOut(KnowledgeOut):
    title_hits: int = Field(description="How many query words appear in the title (results sort by it).")


class KnowledgeIn(Schema):
    product_id: Id | None = None
    kind: KnowledgeKindCode
    title: str = Field(min_length=1, max_length=120)
    body: str = Field(min_length=1)
    sku_ids: list[Id] = Field(default_factory=list, max_length=200, description="SKUs of the entry's product.")


class KnowledgePatch(Schema):
    """Changes to an entry; omitted fields stay. ``product_id: null`` makes it general."""

    product_id: Id | None = None
    kind: KnowledgeKindCode | None = None
    title: str | None = Field(None, min_length=1, max_length=120)
    body: str | None = Field(None, min_length=1)
    sku_ids: list[Id] | None = Field(None, max_length=200, description="Replaces the SKUs; omitted: kept.")


class KnowledgeFilters(Schema):
    product: Id | None = None
    kind: KnowledgeKindCode | None = None
    sku: Id | None = Field(None, description="Entries naming this SKU.")


class KnowledgeSearchFilters(KnowledgeFilters):
    q: str = Field(min_length=1, max_length=100, description="Words (Chinese is split by jieba); all must appear.")
