"""What the paperwork (打单) prints: the chosen orders, the picking list over them, the pool of tracking numbers.

Every read keeps to the user's stores: an order of another store (or an unknown id) makes the
whole request "not found", so a document never silently leaves an order out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from zhanggui.core.actors import Actor
from zhanggui.core.exceptions import NotFoundError, ValidationFailed
from zhanggui.core.permissions import scope_to_stores

from ..constants import CARRIERS, carrier_label
from ..models import Order, OrderLine, TrackingNumber

MAX_ORDERS = 500  # one printed batch; a busy day's pick-up is printed in several


def order_ids_clean(order_ids: Iterable[int | str]) -> list[int]:
    """The chosen order ids, each once, in the order given; refuses an empty or oversized choice."""
    try:
        ids = list(dict.fromkeys(int(order_id) for order_id in order_ids))
    except (TypeError, ValueError):
        raise ValidationFailed.for_field("order_ids", _("Order ids are whole numbers.")) from None
    if not ids:
        raise ValidationFailed.for_field("order_ids", _("Select at least one order."))
    if len(ids) > MAX_ORDERS:
        raise ValidationFailed.for_field(
            "order_ids", _("Print at most %(count)d orders at a time.") % {"count": MAX_ORDERS}
        )
    return ids


def paperwork_orders(*, user: Actor, order_ids: Iterable[int | str]) -> list[Order]:
    """The chosen orders with what their documents print, in the order chosen; NotFoundError if
    any is unknown or of another store."""
    ids = order_ids_clean(order_ids)
    queryset = (
        scope_to_stores(Order.objects.filter(pk__in=ids), user)
        .select_related("store", "buyer", "warehouse")
        .prefetch_related("lines__sku__product", "shipments")
    )
    found = {order.pk: order for order in queryset}
    if len(found) != len(ids):
        raise NotFoundError(_("No such order."))
    return [found[order_id] for order_id in ids]


@dataclass
class PickingRow:
    """One SKU to pick from one warehouse: its total over the chosen orders, and which orders want it."""

    code: str
    name: str
    spec: str
    quantity: int = 0
    orders: list[str] = field(default_factory=list)


@dataclass
class PickingWarehouse:
    """The rows to pick in one warehouse (``name`` empty for orders not yet given a warehouse)."""

    name: str
    rows: list[PickingRow]

    @property
    def quantity(self) -> int:
        return sum(row.quantity for row in self.rows)


def line_text(line: OrderLine) -> tuple[str, str, str]:
    """A line's SKU code, product name and spec as documents print them."""
    if line.sku is not None:
        return line.sku.merchant_code, line.sku.product.name, line.sku.attributes_text or line.attributes
    # A line whose merchant code matched no SKU is picked by what the platform says.
    return line.merchant_code, line.title, line.attributes


def picking_list(orders: list[Order]) -> list[PickingWarehouse]:
    """The SKUs and quantities over ``orders`` (from ``paperwork_orders``), per warehouse by name,
    SKUs by code; orders without a warehouse come last."""
    warehouses: dict[str, dict[tuple[str, str, str], PickingRow]] = {}
    for order in orders:
        rows = warehouses.setdefault(order.warehouse.name if order.warehouse else "", {})
        for line in order.lines.all():
            key = line_text(line)
            row = rows.setdefault(key, PickingRow(code=key[0], name=key[1], spec=key[2]))
            row.quantity += line.quantity
            if order.platform_order_id not in row.orders:
                row.orders.append(order.platform_order_id)
    named = sorted(name for name in warehouses if name)
    return [
        PickingWarehouse(name=name, rows=[warehouses[name][key] for key in sorted(warehouses[name])])
        for name in [*named, *([""] if "" in warehouses else [])]
    ]


@dataclass(frozen=True)
class PoolCount:
    """How many of a carrier's pool numbers are still unused, and how many were used."""

    carrier: str
    label: str
    unused: int
    used: int


def tracking_pool_counts() -> list[PoolCount]:
    """Every known carrier with its unused and used pool numbers (carriers without numbers show 0).

    The pool is the merchant's, not a store's: carriers allocate numbers to the merchant's account.
    """
    counts: dict[str, tuple[int, int]] = {
        row["carrier"]: (row["unused"], row["used"])
        for row in TrackingNumber.objects.values("carrier").annotate(
            unused=Count("pk", filter=Q(order__isnull=True)), used=Count("pk", filter=Q(order__isnull=False))
        )
    }
    return [
        PoolCount(
            carrier=code,
            label=carrier_label(code),
            unused=counts.get(code, (0, 0))[0],
            used=counts.get(code, (0, 0))[1],
        )
        for code in CARRIERS
    ]


def tracking_pool_unused(carrier: str) -> QuerySet[TrackingNumber]:
    """A carrier's unused numbers, oldest first: the order they are handed out in."""
    return TrackingNumber.objects.filter(carrier=carrier, order__isnull=True).order_by("pk")
