"""Payment, review, cancellation and the platform-driven steps after shipment."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhanggui.core.actors import Actor
from zhanggui.core.audit import audit_record
from zhanggui.core.exceptions import ConflictError
from zhanggui.core.inputs import money, reason_text

from ..constants import STUCK_SHIPMENT
from ..models import Order, OrderLine
from ..selectors.rules import StoreLimit, payable, review_reasons
from ..states import OPEN_PAID, OrderStatus, status_label
from .anomalies import unflag
from .stock import release_lines, reserve_lines
from .transitions import authorise, check_before_shipment, lines_of, locked, move, status_audit

S = OrderStatus
ROUTE_FIELDS = ("out_of_stock", "review_reasons", "warehouse")


def review_route(order: Order, lines: list[OrderLine], path: list[str], *, by: Actor) -> None:
    """A just-paid order: reserve its stock, then hold it for review if a rule says so, else
    release it for shipment. Call while holding the order's lock; the caller saves and audits."""
    # Lines matching no SKU hold the order for a clerk to match them; stock is reserved after.
    unmatched = any(line.sku_id is None for line in lines)
    order.out_of_stock = not unmatched and not reserve_lines(order, lines, by=by)
    reasons = review_reasons(order, lines)
    order.review_reasons = reasons
    move(order, S.UNDER_REVIEW if reasons else S.AWAITING_SHIPMENT, path)


def pay(order: Order, *, by: Actor, paid_amount: Decimal | None, paid_at: dt.datetime | None) -> list[str]:
    """Record the payment of a locked, unpaid order and route it; the statuses passed through."""
    lines = lines_of(order)
    path: list[str] = []
    move(order, S.PAID, path, at=paid_at)
    order.paid_amount = paid_amount if paid_amount is not None else payable_now(order, lines)
    review_route(order, lines, path, by=by)
    return path


def payable_now(order: Order, lines: list[OrderLine]) -> Decimal:
    return max(payable(order, lines), Decimal("0.00"))


def _save(order: Order, fields: list[str]) -> None:
    order.updated_at = timezone.now()
    order.save(update_fields=[*fields, "updated_at"])


@transaction.atomic
def order_pay(
    *, by: Actor, order: Order, paid_amount: Decimal | None = None, paid_at: dt.datetime | None = None
) -> Order:
    """The buyer paid: reserve the units (or mark it 缺货), then hold it for review or release it."""
    authorise(by, "orders.edit", order)
    amount = money(paid_amount, "paid_amount") if paid_amount is not None else None
    order = locked(order)
    before_status = order.status
    path = pay(order, by=by, paid_amount=amount, paid_at=paid_at)
    _save(order, ["status", "paid_at", "paid_amount", *ROUTE_FIELDS])
    before, after = status_audit(before_status, path)
    after.update(paid_amount=order.paid_amount, out_of_stock=order.out_of_stock, review_reasons=order.review_reasons)
    audit_record(actor=by, action="orders.order.pay", obj=order, before=before, after=after)
    return order


@transaction.atomic
def order_review_approve(*, by: Actor, order: Order, reason: str = "") -> Order:
    """A clerk releases a held order for shipment; its stock must be reservable now."""
    authorise(by, "orders.review", order)
    order = locked(order)
    if order.status != S.UNDER_REVIEW:
        raise ConflictError(
            _("Order %(number)s is “%(status)s”, not under review.")
            % {"number": order.platform_order_id, "status": status_label(order.status)}
        )
    lines = lines_of(order)
    if any(line.sku_id is None for line in lines):
        raise ConflictError(_("Match every line to a SKU before approving this order."), code="unmatched_sku")
    if not reserve_lines(order, lines, by=by):
        raise ConflictError(_("Still not enough stock for this order; it stays held."), code="out_of_stock")
    before_status, held_for = order.status, order.review_reasons
    path: list[str] = []
    move(order, S.AWAITING_SHIPMENT, path)
    order.out_of_stock, order.review_reasons = False, []
    _save(order, ["status", *ROUTE_FIELDS])
    before, after = status_audit(before_status, path)
    before["review_reasons"] = held_for
    audit_record(actor=by, action="orders.order.approve", obj=order, before=before, after=after, reason=reason.strip())
    return order


@transaction.atomic
def order_review_hold(*, by: Actor, order: Order, reason: str) -> Order:
    """A clerk keeps an order in review with a remark (e.g. waiting for the buyer's answer)."""
    authorise(by, "orders.review", order)
    reason = reason_text(reason)
    order = locked(order)
    if order.status != S.UNDER_REVIEW:
        raise ConflictError(
            _("Order %(number)s is “%(status)s”, not under review.")
            % {"number": order.platform_order_id, "status": status_label(order.status)}
        )
    before = {"review_reasons": order.review_reasons}
    order.review_reasons = [*order.review_reasons, {"code": "manual", "detail": reason}]
    _save(order, ["review_reasons"])
    audit_record(
        actor=by,
        action="orders.order.hold",
        obj=order,
        before=before,
        after={"review_reasons": order.review_reasons},
        reason=reason,
    )
    return order


def close(order: Order, *, by: Actor | None, reason: str, path: list[str], at: dt.datetime | None = None) -> None:
    """Close a locked order before shipment (at ``at``, else now): give its units back; a paid order is
    refunded in full."""
    check_before_shipment(order)
    release_lines(order, lines_of(order), by=by)
    move(order, S.CLOSED, path, at=at)
    if path[0] in OPEN_PAID:
        order.refunded_amount = order.paid_amount
    order.out_of_stock = False
    order.close_reason = reason[:200]


@transaction.atomic
def order_cancel(*, by: Actor, order: Order, reason: str) -> Order:
    """Close an order before shipment at the buyer's or the shop's request."""
    authorise(by, "orders.edit", order)
    reason = reason_text(reason)
    order = locked(order)
    before_status, refunded = order.status, order.refunded_amount
    path: list[str] = []
    close(order, by=by, reason=reason, path=path)
    _save(order, ["status", "closed_at", "refunded_amount", "out_of_stock", "close_reason"])
    before, after = status_audit(before_status, path)
    if order.refunded_amount != refunded:
        before["refunded_amount"], after["refunded_amount"] = refunded, order.refunded_amount
    audit_record(actor=by, action="orders.order.cancel", obj=order, before=before, after=after, reason=reason)
    return order


def order_close_unpaid_expired(*, now: dt.datetime | None = None) -> int:
    """Close every unpaid order older than its store's timeout (the system acts); how many closed."""
    now = now or timezone.now()
    timeout = StoreLimit("unpaid_timeout_minutes")
    candidates = Order.objects.filter(
        status=S.PENDING_PAYMENT, created_at__lt=now - dt.timedelta(minutes=timeout.shortest())
    ).values_list("pk", "store_id", "created_at")
    closed = 0
    for pk, store_id, created_at in candidates.order_by("created_at", "pk").iterator():
        if created_at < now - dt.timedelta(minutes=timeout.of(store_id)):
            closed += _close_unpaid(pk)
    return closed


@transaction.atomic
def _close_unpaid(pk: int) -> int:
    order = Order.objects.select_for_update().filter(pk=pk, status=S.PENDING_PAYMENT).first()
    if order is None:  # paid or closed meanwhile
        return 0
    reason = _("Not paid in time")
    path: list[str] = []
    close(order, by=None, reason=reason, path=path)
    _save(order, ["status", "closed_at", "out_of_stock", "close_reason"])
    before, after = status_audit(S.PENDING_PAYMENT, path)
    audit_record(actor=None, action="orders.order.close_unpaid", obj=order, before=before, after=after, reason=reason)
    return 1


@transaction.atomic
def order_deliver(*, by: Actor, order: Order, at: dt.datetime | None = None) -> Order:
    """The carrier reports the parcel signed for (签收)."""
    authorise(by, "orders.ship", order)
    order = locked(order)
    path: list[str] = []
    move(order, S.DELIVERED, path, at=at)
    order.shipments.filter(delivered_at__isnull=True).update(delivered_at=order.delivered_at)
    arrived = unflag(order, STUCK_SHIPMENT)  # it was not lost after all
    _save(order, ["status", "delivered_at", "anomalies"])
    before, after = status_audit(S.SHIPPED, path)
    if arrived:
        after["anomalies"] = order.anomalies
    audit_record(actor=by, action="orders.order.deliver", obj=order, before=before, after=after)
    return order


@transaction.atomic
def order_complete(*, by: Actor | None, order: Order, at: dt.datetime | None = None) -> Order:
    """The buyer confirmed receipt or the platform's confirmation period ran out (交易成功)."""
    authorise(by, "orders.ship", order)
    order = locked(order)
    path: list[str] = []
    move(order, S.COMPLETED, path, at=at)
    _save(order, ["status", "completed_at"])
    before, after = status_audit(S.DELIVERED, path)
    audit_record(actor=by, action="orders.order.complete", obj=order, before=before, after=after)
    return order
