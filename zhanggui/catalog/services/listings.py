"""Listing (上架) and delisting (下架) products in stores, one at a time or in batches."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from zhanggui.core.actors import Actor
from zhanggui.core.audit import audit_record
from zhanggui.core.exceptions import ValidationFailed
from zhanggui.core.permissions import require_perm, require_store_access
from zhanggui.stores.models import Store

from ..models import Listing, ListingStatus, Product
from ..selectors import require_product_access


def _check_status(status: str) -> None:
    if status not in ListingStatus.values:
        raise ValidationFailed.for_field("status", _("Choose listed or delisted."))


def _locked() -> QuerySet[Listing]:
    """Listings locked for update (only the listing rows, not the joined product and store)."""
    return Listing.objects.select_for_update(of=("self",)).select_related("product", "store")


def _listing_for(by: Actor, product: Product, store: Store) -> Listing:
    """The product's listing in ``store`` (locked), created delisted if the store did not offer it yet."""
    require_product_access(user=by, product_id=product.pk)
    require_store_access(by, store.pk)
    listing, _created = Listing.objects.get_or_create(product=product, store=store)
    return _locked().get(pk=listing.pk)


def audit_key(listing: Listing) -> str:
    """How batch audit rows name a listing: ``<product code>@<store code>``."""
    return f"{listing.product.spu_code}@{listing.store.code}"


@transaction.atomic
def listing_status_change(
    *,
    by: Actor,
    status: str,
    listing: Listing | None = None,
    product: Product | None = None,
    store: Store | None = None,
) -> Listing:
    """List or delist one listing, given itself or as ``product`` + ``store`` (offered there if new)."""
    require_perm(by, "catalog.listing")
    _check_status(status)
    if listing is not None:
        require_store_access(by, listing.store_id)
        listing = _locked().get(pk=listing.pk)
    elif product is not None and store is not None:
        listing = _listing_for(by, product, store)
    else:
        raise ValidationFailed.for_field("store_id", _("Choose a product and a store."))
    if listing.status == status:
        return listing
    before = {"status": listing.status}
    listing.status, listing.changed_at = status, timezone.now()
    listing.save(update_fields=["status", "changed_at"])
    audit_record(actor=by, action="catalog.listing.status_change", obj=listing, before=before, after={"status": status})
    return listing


@transaction.atomic
def listing_batch_status_change(
    *,
    by: Actor,
    status: str,
    listings: Sequence[Listing] = (),
    products: Sequence[Product] = (),
    store: Store | None = None,
) -> list[Listing]:
    """List or delist many listings: the given ones, and/or ``products`` in ``store``. One audit row."""
    require_perm(by, "catalog.listing")
    _check_status(status)
    if products and store is None:
        raise ValidationFailed.for_field("store", _("Choose a store."))
    for listing in listings:
        require_store_access(by, listing.store_id)
    ids = {listing.pk for listing in listings}
    ids |= {_listing_for(by, product, store).pk for product in products if store is not None}
    if not ids:
        raise ValidationFailed.for_field("listing_ids", _("Choose at least one listing."))
    locked = list(_locked().filter(pk__in=ids).order_by("pk"))
    to_change = [listing for listing in locked if listing.status != status]
    if to_change:
        before = {audit_key(listing): {"status": listing.status} for listing in to_change}
        now = timezone.now()
        for listing in to_change:
            listing.status, listing.changed_at = status, now
        Listing.objects.bulk_update(to_change, ["status", "changed_at"])
        store_ids = {listing.store_id for listing in to_change}
        audit_record(
            actor=by,
            action="catalog.listing.batch_status_change",
            before=before,
            after={audit_key(listing): {"status": status} for listing in to_change},
            store_id=store_ids.pop() if len(store_ids) == 1 else None,
            object_repr=_("%(count)d listing(s) → %(status)s")
            % {"count": len(to_change), "status": ListingStatus(status).label},
        )
    return locked
