"""An order's refunded total: what a platform's order feed reports, and what after-sales refunds add.

A report only ever raises ``refunded_amount``, never above what was paid. ``order_refunds_record`` is
the one place a file's cancellations reach orders (docs/imports.md); ``order_refund_apply`` is the one
place after-sales refunds do.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhanggui.core.actors import Actor
from zhanggui.core.audit import audit_record
from zhanggui.core.exceptions import ValidationFailed
from zhanggui.core.permissions import require_perm, require_store_access
from zhanggui.stores.models import Store

from ..models import Order
from ..states import BEFORE_SHIPMENT, OrderStatus
from .lifecycle import close

S = OrderStatus
ZERO = Decimal("0.00")
AUDITED_CHANGES = 200  # orders listed in the batch's audit row; the counts cover them all


def refund_raise(order: Order, total: Decimal) -> bool:
    """Raise a locked order's refunded total to ``total`` (a lower one changes nothing); whether it changed."""
    if total <= order.refunded_amount:
        return False
    if total > order.paid_amount:
        raise ValidationFailed.for_field("refunded_amount", _("The refund exceeds what the buyer paid."))
    order.refunded_amount = total
    return True


@dataclass(frozen=True)
class RefundReport:
    """What a file's cancellations refund on one order: their total, the last one's time, their numbers."""

    platform_order_id: str
    amount: Decimal
    at: dt.datetime
    cancellations: tuple[str, ...]


@transaction.atomic
def order_refunds_record(*, by: Actor | None, store: Store, refunds: list[RefundReport]) -> dict[str, int | str]:
    """Record cancellations against the store's orders; ``by`` None is the platform.

    Each order's refunded total becomes the reported amount, capped at what was paid (never lowered,
    so recording the same report again changes nothing). An order refunded in full before shipment
    is closed at the last cancellation's time and its units go back; one already shipped keeps its
    status (closing is only reachable before shipment). Orders are locked in primary-key order.
    One audit row for the batch, when anything changed.
    """
    if by is not None:
        require_perm(by, "orders.import")
        require_store_access(by, store.pk)
    by_number = {report.platform_order_id: report for report in refunds}
    orders = Order.objects.select_for_update().filter(store=store, platform_order_id__in=by_number).order_by("pk")
    counts = {"refunds_recorded": 0, "refunds_capped": 0, "orders_refunded_in_full": 0, "orders_closed": 0}
    refunded_total = ZERO
    changes: list[dict[str, str]] = []
    now = timezone.now()
    for order in orders:
        report = by_number[order.platform_order_id]
        total = min(report.amount, order.paid_amount)
        counts["refunds_capped"] += report.amount > order.paid_amount
        before = order.refunded_amount
        fields = ["refunded_amount"]
        if total == order.paid_amount and total > before and order.status in BEFORE_SHIPMENT:
            close(order, by=by, reason=_("Refunded on the platform"), path=[], at=report.at)
            fields += ["status", "closed_at", "out_of_stock", "close_reason"]
            counts["orders_closed"] += 1
        if not refund_raise(order, total) and len(fields) == 1:
            continue
        order.updated_at = now
        order.save(update_fields=[*fields, "updated_at"])
        counts["refunds_recorded"] += 1
        counts["orders_refunded_in_full"] += order.refunded_amount == order.paid_amount
        refunded_total += order.refunded_amount - before
        if len(changes) < AUDITED_CHANGES:
            changes.append(
                {
                    "order": order.platform_order_id,
                    "refunded_amount": f"{before} → {order.refunded_amount}",
                    "cancellations": ", ".join(report.cancellations),
                }
            )
    result: dict[str, int | str] = {**counts, "refunded_total": str(refunded_total)}
    if counts["refunds_recorded"]:
        audit_record(
            actor=by,
            action="orders.order.refund_record",
            store_id=store.pk,
            object_repr=store.name,
            after={**result, "orders": changes},
        )
    return result


def order_refund_apply(
    *,
    by: Actor | None,
    order: Order,
    amount: Decimal,
    at: dt.datetime | None = None,
    at_least: Decimal | None = None,
) -> Order:
    """Add a refund the after-sales context issued to an order it has locked (``select_for_update``).

    ``at_least``: a refund the platform reports, which the order feed may have counted already; the
    refunded total then becomes at least this (after-sales' refunds in all), never that plus the feed's.

    The order's refunded total may never pass what was paid (checked here and by the database). A
    refund that makes it whole before shipment closes the order and gives its units back. The caller
    (``aftersales.services.refund_issue``) has authorised ``by``; one audit row on the order.
    """
    if amount <= 0:
        raise ValidationFailed.for_field("amount", _("Enter an amount above zero."))
    before_status, before = order.status, order.refunded_amount
    target = max(before, at_least) if at_least is not None else before + amount
    if target > order.paid_amount:
        raise ValidationFailed.for_field("amount", _("The refund exceeds what the buyer paid."))
    order.refunded_amount = target
    fields = ["refunded_amount", "updated_at"]
    path: list[str] = []
    if order.refunded_amount == order.paid_amount and order.status in BEFORE_SHIPMENT:
        refunded = order.refunded_amount
        close(order, by=by, reason=_("Refunded in full by after-sales"), path=path, at=at)
        order.refunded_amount = refunded
        fields += ["status", "closed_at", "out_of_stock", "close_reason"]
    order.updated_at = timezone.now()
    order.save(update_fields=fields)
    after: dict[str, object] = {"refunded_amount": order.refunded_amount, "refund": amount}
    if path:
        after.update(status=order.status, status_path=path)
    audit_record(
        actor=by,
        action="orders.order.refund",
        obj=order,
        before={"refunded_amount": before, "status": before_status},
        after=after,
    )
    return order
