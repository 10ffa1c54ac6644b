"""Batch actions on many orders (approve, memo, ship): each order on its own, so one bad order
does not stop the rest; the answer says per order what happened.

The permission is checked once before anything is written. Each order then runs the usual
single-order service inside its own savepoint (that service checks scope and writes the audit
row), and an error rolls back that order only. Orders outside the staff member's stores are
reported as not found, like everywhere else.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from zhanggui.core.actors import Actor
from zhanggui.core.batch import BatchResult, batch_run
from zhanggui.core.permissions import require_perm, scope_to_stores

from ..models import Order
from .edits import order_memo_set
from .lifecycle import order_review_approve
from .shipping import order_ship


@dataclass(frozen=True)
class ShipItem:
    """One row of a batch shipment: which order leaves with which carrier and tracking number."""

    order_id: int
    carrier: str
    tracking_no: str


def _orders_for(by: Actor, order_ids: Iterable[int]) -> dict[int, Order]:
    queryset = Order.objects.filter(pk__in=list(order_ids)).select_related("store")
    if by is not None:
        queryset = scope_to_stores(queryset, by)
    return {order.pk: order for order in queryset}


def _each(by: Actor, code: str, order_ids: Iterable[int], action: Callable[[Order, int], Any]) -> BatchResult:
    if by is not None:
        require_perm(by, code)
    ids = [int(order_id) for order_id in order_ids]
    return batch_run(ids, _orders_for(by, ids), action, missing=_("No such order."))


def order_batch_approve(*, by: Actor, order_ids: list[int], reason: str = "") -> BatchResult:
    """Approve many held orders (审单通过); an order not under review or short of stock is reported."""
    return _each(
        by,
        "orders.review",
        list(dict.fromkeys(order_ids)),
        lambda order, _index: order_review_approve(by=by, order=order, reason=reason),
    )


def order_batch_memo_set(*, by: Actor, order_ids: list[int], memo: str, flag: str) -> BatchResult:
    """Write the same seller memo and flag on many orders (e.g. flag a promotion's orders red)."""
    return _each(
        by,
        "orders.edit",
        list(dict.fromkeys(order_ids)),
        lambda order, _index: order_memo_set(by=by, order=order, memo=memo, flag=flag),
    )


def order_batch_ship(*, by: Actor, items: list[ShipItem]) -> BatchResult:
    """Ship many orders, each with its own carrier and tracking number (e.g. from an uploaded file).

    An order listed more than once is not shipped at all: which of its rows is right is unclear.
    """
    counts = Counter(item.order_id for item in items)
    single = [item for item in items if counts[item.order_id] == 1]
    result = _each(
        by,
        "orders.ship",
        [item.order_id for item in single],
        lambda order, index: order_ship(
            by=by, order=order, carrier=single[index].carrier, tracking_no=single[index].tracking_no
        ),
    )
    for order_id in (order_id for order_id, count in counts.items() if count > 1):
        result.errors[order_id] = _("This order is listed more than once.")
    return result
