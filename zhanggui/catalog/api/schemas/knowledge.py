"""Schemas of the product knowledge API (no ``from __future__``: ninja reads the annotations)."""

import datetime as dt
from typing import Literal

from ninja import Field, Schema

from zhanggui.core.api import Id

KnowledgeKindCode = Literal["selling_point", "faq", "size_chart"]


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


class KnowledgeFilters(Schema):
    product: Id | None = None
    kind: KnowledgeKindCode | None = None


class KnowledgeSearchFilters(KnowledgeFilters):
    q: str = Field(min_length=1, max_length=100, description="Words (Chinese is split by jieba); all must appear.")
