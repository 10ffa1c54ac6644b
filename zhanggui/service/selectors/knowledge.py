"""The product knowledge panel beside a conversation: a store's products and SKUs with the units
left to sell now, and the FAQ, size charts and guides that answer the words asked.

Everything is read through the catalog's selectors, in the viewer's scope: products offered in the
store, SKUs with ``available`` (on hand − reserved, summed over warehouses), knowledge entries of
those products or general ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from zhanggui.catalog import selectors as catalog
from zhanggui.catalog.models import KnowledgeEntry, Product
from zhanggui.core.actors import Actor
from zhanggui.core.exceptions import NotFoundError
from zhanggui.core.permissions import require_perm
from zhanggui.stores import selectors as stores
from zhanggui.stores.models import Store

from .suggestions import KNOWLEDGE, store_index

PANEL_PRODUCTS = 8
PANEL_ENTRIES = 8


@dataclass
class KnowledgePanel:
    """What the panel shows for ``query``: products (each with ``sku_rows``, every SKU with its
    ``available`` units) and knowledge entries, best first."""

    query: str
    products: list[Product] = field(default_factory=list)
    entries: list[KnowledgeEntry] = field(default_factory=list)


def _products(user: Actor, store: Store, words: list[str]) -> list[Product]:
    """Products of the store whose name, product code or a SKU's 商家编码/barcode has every word."""
    queryset = catalog.product_list(user=user, filters={"q": words[0], "store": store.pk})
    for word in words[1:]:
        queryset = queryset.filter(
            Q(name__icontains=word)
            | Q(spu_code__icontains=word)
            | Q(skus__merchant_code__icontains=word)
            | Q(skus__barcode__icontains=word)
        )
    return list(queryset.distinct().order_by("name", "pk")[:PANEL_PRODUCTS])


def _entries(user: Actor, store: Store, query: str) -> list[KnowledgeEntry]:
    """Entries with every word of ``query`` (the catalog's word search); failing that, the
    suggestions' BM25 ranking of the store's knowledge, which forgives missing words."""
    listed = catalog.visible_listings(user).filter(store_id=store.pk).values("product_id")
    in_store = Q(product__isnull=True) | Q(product_id__in=listed)
    found = list(catalog.knowledge_search(user=user, query=query).filter(in_store)[:PANEL_ENTRIES])
    if found:
        return found
    ranked = store_index(store.pk).rank(query, limit=PANEL_ENTRIES * 2)
    ids = [s.id for s in ranked if s.kind == KNOWLEDGE][:PANEL_ENTRIES]
    by_id = {entry.pk: entry for entry in catalog.knowledge_list(user=user).filter(in_store, pk__in=ids)}
    return [by_id[pk] for pk in ids if pk in by_id]


def knowledge_panel_search(*, user: Actor, store: Store, query: str) -> KnowledgePanel:
    """Products, SKUs with live stock, and knowledge of ``store`` for ``query`` (words in Chinese,
    a product code, a 商家编码); nothing for an empty query."""
    require_perm(user, "knowledge.view")
    query = (query or "").strip()
    words = query.split()
    if not words:
        return KnowledgePanel(query="")
    return KnowledgePanel(query=query, products=_products(user, store, words), entries=_entries(user, store, query))


def panel_store_get(*, user: Actor, store_id: Any) -> Store:
    """One of the user's stores, for the panel; another's, or no number, is reported missing."""
    try:
        number = int(store_id)
    except (TypeError, ValueError) as exc:
        raise NotFoundError() from exc
    return stores.store_get(user=user, store_id=number)
