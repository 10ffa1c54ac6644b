"""Orders coming in from a platform (export file, API, webhook): create, or catch up with a newer status.

Idempotent by (store, platform order id): the same data twice changes nothing and writes no
audit row; a status the order has already passed is ignored, so replays and out-of-order
deliveries are harmless. Our own edits (address, memo, price) are never overwritten by a platform.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhanggui.catalog.selectors import skus_by_merchant_code
from zhanggui.core.actors import Actor
from zhanggui.core.audit import audit_event, audit_record, audit_record_all
from zhanggui.core.exceptions import ConflictError, ValidationFailed
from zhanggui.core.inputs import money, text
from zhanggui.core.permissions import require_perm, require_store_access
from zhanggui.stores.models import Store

from ..models import Buyer, Order, OrderLine, Shipment
from ..selectors.rules import OrderLookups, review_reasons, store_rules
from ..states import BEFORE_SHIPMENT, OPEN_PAID, PROGRESS, OrderStatus
from .lifecycle import close, pay, payable_now
from .platform import OrderData, platform_paid, platform_refund, platform_times
from .refunds import refund_raise
from .shipping import shipment_fields
from .stock import ReservationPlan, deduct_lines, reservation_plan, reserve_planned
from .transitions import STATUS_TIMES, lines_of, move, move_along, status_audit

S = OrderStatus
ZERO = Decimal("0.00")
Outcome = Literal["created", "updated", "unchanged"]


def _clean_lines(data: OrderData) -> list[OrderLine]:
    if not data.lines:
        raise ValidationFailed.for_field("lines", _("An order needs at least one line."))
    lines = []
    for index, item in enumerate(data.lines):
        if isinstance(item.quantity, bool) or not isinstance(item.quantity, int) or item.quantity < 1:
            raise ValidationFailed.for_field(f"lines.{index}.quantity", _("Enter a number of one or more."))
        price = money(item.unit_price, f"lines.{index}.unit_price")
        discount = money(item.discount, f"lines.{index}.discount")
        total = price * item.quantity - discount
        if total < 0:
            raise ValidationFailed.for_field(f"lines.{index}.discount", _("The discount exceeds the line's price."))
        lines.append(
            OrderLine(
                merchant_code=text(item.merchant_code, f"lines.{index}.merchant_code", required=False, max_length=40),
                title=text(item.title, f"lines.{index}.title", max_length=200),
                attributes=text(item.attributes, f"lines.{index}.attributes", required=False, max_length=200),
                unit_price=price,
                quantity=item.quantity,
                discount=discount,
                line_total=total,
            )
        )
    return lines


def _match_skus(lines: list[OrderLine]) -> None:
    skus = skus_by_merchant_code({line.merchant_code for line in lines})
    for line in lines:
        line.sku = skus.get(line.merchant_code)


def _check_status(status: str) -> str:
    if status not in S.values:
        raise ValidationFailed.for_field("status", _("Unknown order status."))
    return status


def _new_order(*, store: Store, data: OrderData, lines: list[OrderLine]) -> Order:
    """The order ``data`` describes, checked and not saved (no buyer yet)."""
    goods = sum((line.line_total for line in lines), Decimal("0.00"))
    return Order(
        store=store,
        platform_order_id=data.platform_order_id,
        goods_amount=goods,
        shipping_fee=money(data.shipping_fee, "shipping_fee"),
        platform_discount=money(data.platform_discount, "platform_discount"),
        seller_discount=money(data.seller_discount, "seller_discount"),
        receiver_name=text(data.receiver_name, "receiver_name", required=False, max_length=60),
        receiver_phone=text(data.receiver_phone, "receiver_phone", required=False, max_length=20),
        province=text(data.province, "province", required=False, max_length=30),
        city=text(data.city, "city", required=False, max_length=30),
        district=text(data.district, "district", required=False, max_length=30),
        address_detail=text(data.address_detail, "address_detail", required=False, max_length=200),
        buyer_message=data.buyer_message.strip(),
        seller_memo=data.seller_memo.strip(),
        created_at=data.created_at,
    )


def _buyer_defaults(data: OrderData) -> dict[str, str]:
    return {"name": data.buyer_name.strip()[:60], "phone": data.buyer_phone.strip()[:20]}


def _create(*, store: Store, data: OrderData) -> Order:
    lines = _clean_lines(data)
    _match_skus(lines)
    nickname = text(data.buyer_nickname, "buyer_nickname", max_length=80)
    order = _new_order(store=store, data=data, lines=lines)
    order.buyer, _created = Buyer.objects.get_or_create(store=store, nickname=nickname, defaults=_buyer_defaults(data))
    order.save(force_insert=True)
    for line in lines:
        line.order = order
    OrderLine.objects.bulk_create(lines)
    return order


def _create_new(*, by: Actor, store: Store, data: OrderData) -> Order:
    """A new order, unpaid or paid, the short way: everything the review rules and the reservation
    need is read first; then one transaction inserts the buyer (if new), the order routed as if its
    stock will be held, and its lines, and holds the stock last, so the stock rows stay locked only
    for their UPDATEs and the audit INSERT before the commit. When the stock falls short the order
    is routed again as 缺货 (out of stock). Same outcome as ``_create`` + ``_catch_up``."""
    lines = _clean_lines(data)
    _match_skus(lines)
    nickname = text(data.buyer_nickname, "buyer_nickname", max_length=80)
    order = _new_order(store=store, data=data, lines=lines)
    order.buyer = Buyer.objects.filter(store=store, nickname=nickname).first() or Buyer(
        store=store, nickname=nickname, **_buyer_defaults(data)
    )
    path: list[str] = []
    plan = ReservationPlan(None, [])
    if data.status != S.PENDING_PAYMENT:
        paid = money(data.paid_amount, "paid_amount") if data.paid_amount is not None else None
        move(order, S.PAID, path, at=platform_times(data)["paid_at"])
        order.paid_amount = paid if paid is not None else payable_now(order, lines)
        if any(line.sku_id is None for line in lines):
            outcomes: tuple[bool, ...] = (False,)  # a clerk matches the lines first; no stock is held
        else:
            plan = reservation_plan(lines)
            order.warehouse_id = plan.warehouse_id
            outcomes = (False, True) if plan.units else (True,)  # held as planned, or short
        rules, lookups = store_rules(store.pk), OrderLookups()
        routes = {}  # out of stock? → review reasons
        for short in outcomes:
            order.out_of_stock = short
            routes[short] = review_reasons(order, lines, rules, lookups)
        _route(order, path, short=outcomes[0], reasons=routes[outcomes[0]])
    refunded = _sync_refund(order, data)
    with transaction.atomic():
        if order.buyer.pk is None:
            Buyer.objects.bulk_create(  # one statement, also when a concurrent order just added the buyer
                [order.buyer], update_conflicts=True, unique_fields=["store", "nickname"], update_fields=["nickname"]
            )
        order.updated_at = timezone.now()
        order.save(force_insert=True)
        for line in lines:
            line.order, line.reserved = order, bool(plan.units)
        OrderLine.objects.bulk_create(lines)
        moves = reserve_planned(order, plan, by=by) if plan.units else []
        if moves is None:  # too few units after all
            _route(order, path, short=True, reasons=routes[True])
            Order.objects.filter(pk=order.pk).update(
                status=order.status, out_of_stock=True, review_reasons=order.review_reasons
            )
            OrderLine.objects.filter(order=order).update(reserved=False)
        _before, after = status_audit(S.PENDING_PAYMENT, path)
        if refunded:
            after["refunded_amount"] = order.refunded_amount
        after.update(platform_order_id=order.platform_order_id, lines=len(lines), paid_amount=order.paid_amount)
        created = audit_event(actor=by, action="orders.order.create", obj=order, after=after)
        audit_record_all([*(moves or []), created])
    return order


def _route(order: Order, path: list[str], *, short: bool, reasons: list[dict[str, str]]) -> None:
    """Route a just-paid order (in memory): held for review with ``reasons``, else awaiting shipment."""
    del path[2:]  # pending_payment → paid: routed again when the stock fell short
    order.status, order.out_of_stock, order.review_reasons = S.PAID, short, reasons
    move(order, S.UNDER_REVIEW if reasons else S.AWAITING_SHIPMENT, path)


def _catch_up(order: Order, data: OrderData, *, by: Actor, path: list[str]) -> None:
    """Bring a locked order forward to the platform's status, through allowed steps only.

    A closed report for an order already shipped is a refund after shipment: the refund is recorded
    (``_sync_refund``) and the order keeps its progress, as closing is only reachable before shipment.
    """
    target = data.status
    if order.status == S.PENDING_PAYMENT and platform_paid(data):
        paid = money(data.paid_amount, "paid_amount") if data.paid_amount is not None else None
        if target == S.CLOSED:  # paid and refunded on the platform: nothing to reserve or review
            move(order, S.PAID, path)
            order.paid_amount = paid if paid is not None else payable_now(order, lines_of(order))
        else:
            path.extend(pay(order, by=by, paid_amount=paid, paid_at=None))
    if target == S.CLOSED:
        if order.status in BEFORE_SHIPMENT:
            close(order, by=by, reason=data.close_reason or _("Closed on the platform"), path=path)
        _stamp(order, data, path)
        return
    if PROGRESS[target] >= PROGRESS[S.SHIPPED] and order.status in OPEN_PAID:
        # Shipped outside Zhanggui (e.g. in the platform's seller centre): the held units leave.
        move_along(order, S.SHIPPED, path)
        deduct_lines(order, lines_of(order), by=by)
        order.out_of_stock = False
        if data.tracking_no:
            carrier, tracking_no = shipment_fields(data.carrier, data.tracking_no)
            Shipment.objects.create(order=order, carrier=carrier, tracking_no=tracking_no, shipped_at=data.shipped_at)
    if PROGRESS[target] > PROGRESS[order.status]:
        move_along(order, target, path)
    _stamp(order, data, path)


def _stamp(order: Order, data: OrderData, path: list[str]) -> None:
    """The times of the steps just taken are the platform's (``platform_times``), not the moment of the call."""
    times = platform_times(data)
    for status in path[1:]:
        if (name := STATUS_TIMES.get(S(status))) is not None:
            setattr(order, name, times[name])


def _sync_refund(order: Order, data: OrderData) -> bool:
    return refund_raise(order, money(platform_refund(data, order.paid_amount), "refunded_amount"))


def platform_update_conflict(current: str, data: OrderData) -> str | None:
    """Why the platform's status of ``data`` cannot be applied to an order now ``current``, or None
    (also asked by file imports, to report it on the file's row before anything is written)."""
    closed_after_shipment = data.status == S.CLOSED and current not in OPEN_OR_UNPAID
    if PROGRESS[data.status] > PROGRESS[current] and closed_after_shipment and data.refunded_amount == ZERO:
        return _("Order %(number)s was already shipped; the platform now reports it closed.") % {
            "number": data.platform_order_id
        }
    return None


OPEN_OR_UNPAID = frozenset({S.PENDING_PAYMENT, *OPEN_PAID})


def order_upsert(*, by: Actor, store: Store, data: OrderData) -> tuple[Order, Outcome]:
    """Create the order ``data`` describes, or apply its newer status; ``by`` None is the platform."""
    if by is not None:
        require_perm(by, "orders.import")
        require_store_access(by, store.pk)
    number = text(data.platform_order_id, "platform_order_id", max_length=40)
    if number != data.platform_order_id:
        raise ValidationFailed.for_field("platform_order_id", _("Remove the spaces around the order number."))
    target = _check_status(data.status)
    known = Order.objects.filter(store=store, platform_order_id=number)
    if PROGRESS[target] <= PROGRESS[S.PAID] and not known.exists():
        try:
            return _create_new(by=by, store=store, data=data), "created"
        except IntegrityError:  # created by a concurrent delivery of the same order a moment ago
            pass
    return _upsert_locked(by=by, store=store, data=data)


@transaction.atomic
def _upsert_locked(*, by: Actor, store: Store, data: OrderData) -> tuple[Order, Outcome]:
    """Create the order under its lock or bring it forward: any status, any history."""
    number, target = data.platform_order_id, data.status
    created = False
    order = Order.objects.select_for_update().filter(store=store, platform_order_id=number).first()
    if order is None:
        try:
            with transaction.atomic():
                order = _create(store=store, data=data)
            created = True
        except IntegrityError:  # created by a concurrent delivery of the same order a moment ago
            order = Order.objects.select_for_update().get(store=store, platform_order_id=number)
    before_status, before_refund = order.status, order.refunded_amount
    path: list[str] = []
    if PROGRESS[target] > PROGRESS[order.status]:
        if (problem := platform_update_conflict(order.status, data)) is not None:
            raise ConflictError(problem, code="invalid_transition")
        _catch_up(order, data, by=by, path=path)
    refund_changed = _sync_refund(order, data)
    if not created and not path and not refund_changed:
        return order, "unchanged"
    order.updated_at = timezone.now()
    order.save()
    before, after = status_audit(before_status, path)
    if refund_changed:
        before["refunded_amount"], after["refunded_amount"] = before_refund, order.refunded_amount
    if created:
        after.update(platform_order_id=number, lines=order.lines.count(), paid_amount=order.paid_amount)
    action = "orders.order.create" if created else "orders.order.sync"
    audit_record(actor=by, action=action, obj=order, before=None if created else before, after=after)
    return order, "created" if created else "updated"
