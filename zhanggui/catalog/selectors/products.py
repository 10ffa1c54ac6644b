"""Reads of products and SKUs and their timeline, scoped to what the user may see.

Products are merchant-wide, but staff whose role does not span every store see a product only
when it is offered (has a Listing) in one of their stores. SKUs, stock and product knowledge
follow their product; listings follow their store. Anything out of scope is reported missing.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import (
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from zhanggui.core.actors import Actor
from zhanggui.core.exceptions import NotFoundError
from zhanggui.core.imports.sql import chunked
from zhanggui.core.models import AuditEvent
from zhanggui.core.selectors import audit_trail

from ..models import Listing, Product, Sku, Stock
from .categories import category_descendant_ids
from .images import main_picture, sku_picture
from .listings import _in_scope, visible_listings
from .stock import _low_stock_rows

# Audit actions of batch services; their before/after are keyed by the objects' business keys.
BATCH_ACTIONS = (
    "catalog.sku.price_batch_change",
    "catalog.listing.batch_status_change",
    "catalog.stock.batch_adjust",
    "catalog.stock.threshold_set",
)


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


def sold_out_skus() -> QuerySet[Sku]:
    """SKUs on sale with no unit left to sell in any warehouse (none on hand beyond reservations)."""
    return Sku.objects.filter(is_active=True).annotate(units_left=_available_per_sku()).filter(units_left__lte=0)


def _product_ids_matching(filters: dict[str, Any], user: Actor) -> Q:
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
    if filters.get("sold_out"):
        condition &= Q(pk__in=sold_out_skus().values("product_id"))
    return condition


def product_list(*, user: Actor, filters: dict[str, Any] | None = None) -> QuerySet[Product]:
    """Products in scope with their main picture's stored name (``main_image``), their SKUs (with
    available units and ``picture``) and the listings ``user`` may see."""
    filters = filters or {}
    skus = Sku.objects.annotate(available=_available_per_sku(), picture=sku_picture()).order_by("merchant_code")
    queryset = (
        _in_scope(Product.objects.select_related("category"), user, "pk")
        .filter(_product_ids_matching(filters, user))
        .annotate(main_image=main_picture(OuterRef("pk")))
        .prefetch_related(
            Prefetch("skus", queryset=skus, to_attr="sku_rows"),
            Prefetch("listings", queryset=visible_listings(user), to_attr="visible_listings"),
        )
    )
    return queryset


def product_get(*, user: Actor, product_id: int) -> Product:
    product = product_list(user=user).filter(pk=product_id).first()
    if product is None:
        raise NotFoundError()
    return product


def sku_list(*, user: Actor, filters: dict[str, Any] | None = None) -> QuerySet[Sku]:
    """SKUs in scope with ``available`` units, ``picture`` (the stored name of the picture that
    stands for the SKU) and their product's visible listings."""
    filters = filters or {}
    queryset = (
        _in_scope(Sku.objects.select_related("product", "product__category"), user, "product_id")
        .annotate(available=_available_per_sku(), picture=sku_picture())
        .prefetch_related(Prefetch("product__listings", queryset=visible_listings(user), to_attr="visible_listings"))
    )
    if condition := _product_ids_matching(filters, user):
        queryset = queryset.filter(product__in=Product.objects.filter(condition))
    if product := filters.get("product"):
        queryset = queryset.filter(product_id=getattr(product, "pk", product))
    if filters.get("low_only"):
        queryset = queryset.filter(pk__in=_low_stock_rows().values("sku_id"))
    if filters.get("sold_out"):
        queryset = queryset.filter(pk__in=sold_out_skus().values("pk"))
    if (active := filters.get("is_active")) is not None:
        queryset = queryset.filter(is_active=active)
    return queryset


def sku_get(*, user: Actor, sku_id: int) -> Sku:
    sku = sku_list(user=user).filter(pk=sku_id).first()
    if sku is None:
        raise NotFoundError()
    return sku


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
    return list(events.select_related("actor").order_by("-at", "-id")[:limit])


def skus_by_merchant_code(codes: Iterable[str]) -> dict[str, Sku]:
    """Our SKUs by the merchant codes (商家编码) platforms report on order lines; unknown codes are left out."""
    ordered = sorted(code for code in set(codes) if code)
    found: dict[str, Sku] = {}
    for chunk in chunked(ordered):
        found.update((sku.merchant_code, sku) for sku in Sku.objects.filter(merchant_code__in=chunk))
    return found
