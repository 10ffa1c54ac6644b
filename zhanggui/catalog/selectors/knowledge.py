"""Reads of product knowledge: entries about products in scope, plus general ones, and word search."""

from __future__ import annotations

from typing import Any

from django.db.models import Case, Q, QuerySet, Value, When

from zhanggui.core.actors import Actor
from zhanggui.core.exceptions import NotFoundError

from ..models import KnowledgeEntry, Product
from .listings import _scoped_product_ids
from .search import query_tokens


def knowledge_list(*, user: Actor, filters: dict[str, Any] | None = None) -> QuerySet[KnowledgeEntry]:
    """Entries about products in scope, plus general entries (no product) everyone may read;
    ``filters``: ``product``, ``kind``, ``sku`` (entries naming that SKU)."""
    filters = filters or {}
    queryset = KnowledgeEntry.objects.select_related("product")
    scope = _scoped_product_ids(user)
    if scope is not None:
        queryset = queryset.filter(Q(product__isnull=True) | Q(product_id__in=scope))
    if product := filters.get("product"):
        queryset = queryset.filter(product_id=getattr(product, "pk", product))
    if kind := filters.get("kind"):
        queryset = queryset.filter(kind=kind)
    if sku := filters.get("sku"):
        queryset = queryset.filter(
            pk__in=KnowledgeEntry.skus.through.objects.filter(sku_id=sku).values("knowledgeentry_id")
        )
    return queryset.prefetch_related("skus")


def knowledge_get(*, user: Actor, entry_id: int) -> KnowledgeEntry:
    entry = knowledge_list(user=user).filter(pk=entry_id).first()
    if entry is None:
        raise NotFoundError()
    return entry


def knowledge_search(
    *, user: Actor, query: str, product: Product | int | None = None, kind: str = ""
) -> QuerySet[KnowledgeEntry]:
    """Entries containing every word of ``query``; those with more words in the title first."""
    tokens = query_tokens(query)
    filters = {"product": product, "kind": kind}
    queryset = knowledge_list(user=user, filters=filters)
    if not tokens:
        return queryset.none()
    for token in tokens:
        queryset = queryset.filter(search_text__icontains=f" {token} ")
    title_hits = sum(
        (Case(When(title__icontains=token, then=Value(1)), default=Value(0)) for token in tokens),
        Value(0),
    )
    return queryset.annotate(title_hits=title_hits).order_by("-title_hits", "-updated_at", "-pk")
