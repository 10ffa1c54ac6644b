"""Reads of the catalog, scoped to what the staff member may see.

Products are merchant-wide, but staff whose role does not span every store see a product only
when it is offered (has a Listing) in one of their stores. SKUs, stock and product knowledge
follow their product; listings follow their store. Anything out of scope is reported missing.
"""

from __future__ import annotations

from typing import Any

from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext as _

from zhanggui.core.exceptions import NotFoundError
from zhanggui.core.models import AuditEvent
from zhanggui.core.permissions import has_perm, store_ids_for
from zhanggui.core.selectors import audit_trail
from zhanggui.stores.models import Store

from ..models import Category, KnowledgeEntry, Listing, ListingStatus, Product, Sku, Stock, Warehouse
from .search import query_tokens

# Audit actions of batch services; their before/after are keyed by the objects' business keys.
BATCH_ACTIONS = (
    "catalog.sku.price_batch_change",
    "catalog.listing.batch_status_change",
    "catalog.stock.batch_adjust",
    "catalog.stock.threshold_set",
)


# --- scope ------------------------------------------------------------------------------------
def store_list(*, user: Any) -> QuerySet[Store]:
    """The active stores ``user`` works in (every store for roles that span all stores)."""
    queryset = Store.objects.filter(is_active=True)
    ids = store_ids_for(user)
    return queryset if ids is None else queryset.filter(pk__in=ids)


def _scoped_product_ids(user: Any) -> QuerySet[Listing, Any] | None:
    """A subquery of the product ids ``user`` may see, or None when every product is visible."""
    ids = store_ids_for(user)
    if ids is None:
        return None
    return Listing.objects.filter(store_id__in=ids).values("product_id")


def visible_listings(user: Any) -> QuerySet[Listing]:
    queryset = Listing.objects.select_related("store").order_by("store__name", "pk")
    ids = store_ids_for(user)
    return queryset if ids is None else queryset.filter(store_id__in=ids)


def products_in_scope(*, user: Any) -> QuerySet[Product]:
    """The products ``user`` may see (those offered in one of their stores), without extras."""
    return _in_scope(Product.objects.all(), user, "pk")


def product_in_scope(*, user: Any, product_id: int) -> bool:
    ids = store_ids_for(user)
    return ids is None or Listing.objects.filter(product_id=product_id, store_id__in=ids).exists()


def require_product_access(*, user: Any, product_id: int) -> None:
    """Another store's product is reported as missing, never as forbidden."""
    if not product_in_scope(user=user, product_id=product_id):
        raise NotFoundError()


def _in_scope(queryset: QuerySet[Any], user: Any, product_path: str) -> QuerySet[Any]:
    scope = _scoped_product_ids(user)
    return queryset if scope is None else queryset.filter(**{f"{product_path}__in": scope})


# --- categories -----------------------------------------------------------------------------
def category_list() -> QuerySet[Category]:
    return Category.objects.select_related("parent")


def category_get(*, category_id: int) -> Category:
    category = Category.objects.filter(pk=category_id).first()
    if category is None:
        raise NotFoundError()
    return category


def category_descendant_ids(category_id: int) -> list[int]:
    """``category_id`` and every category below it (the tree is small: one query)."""
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in Category.objects.values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    found, pending = [], [category_id]
    while pending:
        current = pending.pop()
        if current in found:
            continue
        found.append(current)
        pending.extend(children.get(current, []))
    return found


def category_tree() -> list[tuple[Category, int]]:
    """Every category in tree order with its depth (0 for top level), for indented display."""
    categories = list(Category.objects.annotate(product_count=Count("products")).order_by("sort_order", "name"))
    children: dict[int | None, list[Category]] = {}
    for category in categories:
        children.setdefault(category.parent_id, []).append(category)
    ordered: list[tuple[Category, int]] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for category in children.get(parent_id, []):
            ordered.append((category, depth))
            walk(category.pk, depth + 1)

    walk(None, 0)
    return ordered


# --- products and SKUs ----------------------------------------------------------------------
def _available_per_sku() -> Coalesce:
    units = (
        Stock.objects.filter(sku=OuterRef("pk"))
        .order_by()
        .values("sku")
        .annotate(total=Sum(F("on_hand") - F("reserved")))
        .values("total")[:1]
    )
    return Coalesce(Subquery(units, output_field=IntegerField()), Value(0))


def _low_stock_rows() -> QuerySet[Stock]:
    # available (on_hand - reserved) <= threshold, written so each side is a column expression.
    return Stock.objects.filter(on_hand__lte=F("reserved") + F("low_stock_threshold"))


def _product_ids_matching(filters: dict[str, Any], user: Any) -> Q:
    """The product-level filters shared by the product and SKU lists, as a condition on products."""
    condition = Q()
    if keyword := (filters.get("q") or "").strip():
        skus = Sku.objects.filter(Q(merchant_code__icontains=keyword) | Q(barcode__icontains=keyword))
        condition &= Q(name__icontains=keyword) | Q(spu_code__icontains=keyword) | Q(pk__in=skus.values("product_id"))
    if category := filters.get("category"):
        condition &= Q(category_id__in=category_descendant_ids(getattr(category, "pk", category)))
    store = filters.get("store")
    status = filters.get("status")
    if store or status:
        listings = visible_listings(user)
        if store:
            listings = listings.filter(store_id=getattr(store, "pk", store))
        if status:
            listings = listings.filter(status=status)
        condition &= Q(pk__in=listings.values("product_id"))
    if filters.get("low_only"):
        condition &= Q(pk__in=_low_stock_rows().values("sku__product_id"))
    return condition


def product_list(*, user: Any, filters: dict[str, Any] | None = None) -> QuerySet[Product]:
    """Products in scope with their SKUs (with available units) and the listings ``user`` may see."""
    filters = filters or {}
    skus = Sku.objects.annotate(available=_available_per_sku()).order_by("merchant_code")
    queryset = (
        _in_scope(Product.objects.select_related("category"), user, "pk")
        .filter(_product_ids_matching(filters, user))
        .prefetch_related(
            Prefetch("skus", queryset=skus, to_attr="sku_rows"),
            Prefetch("listings", queryset=visible_listings(user), to_attr="visible_listings"),
        )
    )
    return queryset


def product_get(*, user: Any, product_id: int) -> Product:
    product = product_list(user=user).filter(pk=product_id).first()
    if product is None:
        raise NotFoundError()
    return product


def sku_list(*, user: Any, filters: dict[str, Any] | None = None) -> QuerySet[Sku]:
    """SKUs in scope with ``available`` units and their product's visible listings."""
    filters = filters or {}
    queryset = (
        _in_scope(Sku.objects.select_related("product", "product__category"), user, "product_id")
        .annotate(available=_available_per_sku())
        .prefetch_related(Prefetch("product__listings", queryset=visible_listings(user), to_attr="visible_listings"))
    )
    if condition := _product_ids_matching(filters, user):
        queryset = queryset.filter(product__in=Product.objects.filter(condition))
    if product := filters.get("product"):
        queryset = queryset.filter(product_id=getattr(product, "pk", product))
    if filters.get("low_only"):
        queryset = queryset.filter(pk__in=_low_stock_rows().values("sku_id"))
    if (active := filters.get("is_active")) is not None:
        queryset = queryset.filter(is_active=active)
    return queryset


def sku_get(*, user: Any, sku_id: int) -> Sku:
    sku = sku_list(user=user).filter(pk=sku_id).first()
    if sku is None:
        raise NotFoundError()
    return sku


def listing_get(*, user: Any, listing_id: int) -> Listing:
    listing = visible_listings(user).select_related("product").filter(pk=listing_id).first()
    if listing is None:
        raise NotFoundError()
    return listing


# --- warehouses and stock -------------------------------------------------------------------
def warehouse_list(*, filters: dict[str, Any] | None = None) -> QuerySet[Warehouse]:
    filters = filters or {}
    queryset = Warehouse.objects.annotate(units=Coalesce(Sum("stock__on_hand"), Value(0)))
    if keyword := (filters.get("q") or "").strip():
        queryset = queryset.filter(Q(code__icontains=keyword) | Q(name__icontains=keyword))
    if (active := filters.get("is_active")) is not None:
        queryset = queryset.filter(is_active=active)
    return queryset


def warehouse_get(*, warehouse_id: int) -> Warehouse:
    warehouse = Warehouse.objects.filter(pk=warehouse_id).first()
    if warehouse is None:
        raise NotFoundError()
    return warehouse


def stock_list(*, user: Any, filters: dict[str, Any] | None = None) -> QuerySet[Stock]:
    """Stock rows (SKU × warehouse) in scope, with ``units_available`` (on hand − reserved) to sort by."""
    filters = filters or {}
    queryset = _in_scope(
        Stock.objects.select_related("sku", "sku__product", "warehouse"), user, "sku__product_id"
    ).annotate(units_available=F("on_hand") - F("reserved"))
    if keyword := (filters.get("q") or "").strip():
        queryset = queryset.filter(
            Q(sku__merchant_code__icontains=keyword)
            | Q(sku__barcode__icontains=keyword)
            | Q(sku__product__name__icontains=keyword)
        )
    if warehouse := filters.get("warehouse"):
        queryset = queryset.filter(warehouse_id=getattr(warehouse, "pk", warehouse))
    if category := filters.get("category"):
        queryset = queryset.filter(
            sku__product__category_id__in=category_descendant_ids(getattr(category, "pk", category))
        )
    if sku := filters.get("sku"):
        queryset = queryset.filter(sku_id=getattr(sku, "pk", sku))
    if product := filters.get("product"):
        queryset = queryset.filter(sku__product_id=getattr(product, "pk", product))
    if filters.get("low_only"):
        queryset = queryset.filter(pk__in=_low_stock_rows().values("pk"))
    return queryset.order_by("sku__product_id", "sku__merchant_code", "warehouse__code")


def low_stock_list(*, user: Any) -> QuerySet[Stock]:
    """Stock rows whose available units are at or below their low-stock threshold."""
    return stock_list(user=user, filters={"low_only": True})


def stock_get(*, user: Any, stock_id: int) -> Stock:
    stock = stock_list(user=user).filter(pk=stock_id).first()
    if stock is None:
        raise NotFoundError()
    return stock


# --- knowledge ------------------------------------------------------------------------------
def knowledge_list(*, user: Any, filters: dict[str, Any] | None = None) -> QuerySet[KnowledgeEntry]:
    """Entries about products in scope, plus general entries (no product) everyone may read."""
    filters = filters or {}
    queryset = KnowledgeEntry.objects.select_related("product")
    scope = _scoped_product_ids(user)
    if scope is not None:
        queryset = queryset.filter(Q(product__isnull=True) | Q(product_id__in=scope))
    if product := filters.get("product"):
        queryset = queryset.filter(product_id=getattr(product, "pk", product))
    if kind := filters.get("kind"):
        queryset = queryset.filter(kind=kind)
    return queryset


def knowledge_get(*, user: Any, entry_id: int) -> KnowledgeEntry:
    entry = knowledge_list(user=user).filter(pk=entry_id).first()
    if entry is None:
        raise NotFoundError()
    return entry


def knowledge_search(
    *, user: Any, query: str, product: Product | int | None = None, kind: str = ""
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


# --- timeline and overview ------------------------------------------------------------------
def product_timeline(*, product: Product, limit: int = 100) -> list[AuditEvent]:
    """The newest audit events about a product, its SKUs, listings and stock, batch changes included."""
    skus = list(Sku.objects.filter(product=product).values_list("pk", "merchant_code"))
    listings = list(Listing.objects.filter(product=product).values_list("pk", "store__code"))
    stock = list(Stock.objects.filter(sku__product=product).values_list("pk", "sku__merchant_code", "warehouse__code"))
    keys = [code for _pk, code in skus]
    keys += [f"{product.spu_code}@{store_code}" for _pk, store_code in listings]
    keys += [f"{code}@{warehouse_code}" for _pk, code, warehouse_code in stock]
    events = audit_trail(obj=product)
    for object_type, ids in (
        ("catalog.sku", [pk for pk, _code in skus]),
        ("catalog.listing", [pk for pk, _code in listings]),
        ("catalog.stock", [pk for pk, *_codes in stock]),
    ):
        if ids:
            events = events | AuditEvent.objects.filter(object_type=object_type, object_id__in=[str(i) for i in ids])
    if keys:
        events = events | AuditEvent.objects.filter(action__in=BATCH_ACTIONS, after__has_any_keys=keys)
    return list(events.order_by("-at", "-id")[:limit])


def catalog_overview(*, user: Any) -> list[dict[str, Any]]:
    """The home page's catalog cards for ``user``, counted within their stores."""
    if not has_perm(user, "catalog.view"):
        return []
    online = visible_listings(user).filter(status=ListingStatus.ONLINE).values("product_id")
    stock = _in_scope(Stock.objects.all(), user, "sku__product_id")
    return [
        {
            "label": _("Products"),
            "value": products_in_scope(user=user).count(),
            "url": reverse("catalog:product_list"),
        },
        {
            "label": _("SKUs listed"),
            "value": Sku.objects.filter(is_active=True, product_id__in=online).count(),
            "url": reverse("catalog:sku_list") + f"?status={ListingStatus.ONLINE}",
        },
        {
            "label": _("Low-stock items"),
            "value": low_stock_list(user=user).count(),
            "url": reverse("catalog:low_stock"),
        },
        {
            "label": _("Units on hand"),
            "value": stock.aggregate(total=Coalesce(Sum("on_hand"), Value(0)))["total"],
            "url": reverse("catalog:stock_list"),
        },
    ]
