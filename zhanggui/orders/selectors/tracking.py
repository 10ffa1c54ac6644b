"""Reads for tracking news: the shipments of the user's stores that carry given tracking numbers."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from zhanggui.core.actors import Actor
from zhanggui.core.imports.sql import chunked
from zhanggui.core.permissions import require_perm, scope_to_stores

from ..models import Shipment


def shipments_by_tracking_no(*, user: Actor, numbers: Iterable[str]) -> dict[str, list[Shipment]]:
    """Tracking number → the shipments of ``user``'s stores with it (oldest first); unknown numbers left out.

    Several shipments for one number happen when a number is reused across stores or years; the
    caller decides what that means.
    """
    require_perm(user, "orders.view")
    wanted = sorted(set(numbers))
    found: defaultdict[str, list[Shipment]] = defaultdict(list)
    for chunk in chunked(wanted):
        shipments = scope_to_stores(Shipment.objects.all(), user, "order__store").filter(tracking_no__in=chunk)
        for shipment in shipments.order_by("shipped_at", "pk"):
            found[shipment.tracking_no].append(shipment)
    return dict(found)
