"""Which products and listings a staff member may see.

Products are merchant-wide, but staff whose role does not span every store see a product only
when it is offered (has a Listing) in one of their stores; listings follow their store.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from zhanggui.core.actors import Actor
from zhanggui.core.exceptions import NotFoundError
from zhanggui.core.permissions import store_ids_for
from zhanggui.stores.selectors import store_list

from ..models import Listing, ListingStatus, Product


def _scoped_product_ids(user: Actor) -> QuerySet[Listing, Any] | None:
    """A subquery of the product ids ``user`` may see, or None when every product is visible."""
    ids = store_ids_for(user)
    if ids is None:
        return None
    return Listing.objects.filter(store_id__in=ids).values("product_id")


def visible_listings(user: Actor) -> QuerySet[Listing]:
    queryset = Listing.objects.select_related("store").order_by("store__name", "pk")
    ids = store_ids_for(user)
    return queryset if ids is None else queryset.filter(store_id__in=ids)


def products_in_scope(*, user: Actor) -> QuerySet[Product]:
    """The products ``user`` may see (those offered in one of their stores), without extras."""
    return _in_scope(Product.objects.all(), user, "pk")


def product_in_scope(*, user: Actor, product_id: int) -> bool:
    ids = store_ids_for(user)
    return ids is None or Listing.objects.filter(product_id=product_id, store_id__in=ids).exists()


def require_product_access(*, user: Actor, product_id: int) -> None:
    """Another store's product is reported as missing, never as forbidden."""
    if not product_in_scope(user=user, product_id=product_id):
        raise NotFoundError()


def listing_get(*, user: Actor, listing_id: int) -> Listing:
    listing = visible_listings(user).select_related("product").filter(pk=listing_id).first()
    if listing is None:
        raise NotFoundError()
    return listing


# --- timeline and overview ------------------------------------------------------------------
def _in_scope(queryset: QuerySet[Any], user: Actor, product_path: str) -> QuerySet[Any]:
    scope = _scoped_product_ids(user)
    return queryset if scope is None else queryset.filter(**{f"{product_path}__in": scope})


def listing_counts(*, user: Actor) -> list[dict[str, Any]]:
    """Per active store of ``user``: how many products are listed (上架) and delisted (下架) there."""
    counts = {
        store_id: (listed, delisted)
        for store_id, listed, delisted in visible_listings(user)
        .order_by()
        .values("store_id")
        .annotate(
            listed=Count("pk", filter=Q(status=ListingStatus.ONLINE)),
            delisted=Count("pk", filter=Q(status=ListingStatus.OFFLINE)),
        )
        .values_list("store_id", "listed", "delisted")
    }
    rows = []
    for store in store_list(user=user, filters={"is_active": True}).order_by("name", "pk"):
        listed, delisted = counts.get(store.pk, (0, 0))
        rows.append({"store": store, "listed": listed, "delisted": delisted})
    return rows
