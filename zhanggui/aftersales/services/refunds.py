"""Paying money back (退款): once per idempotency key, never more than what was paid.

Locking precondition: the order row is locked first (``select_for_update``), then the case; every
refund of an order therefore runs one after another, and the refundable money is read under the
lock. The database checks the order's refunded total against its paid amount as a last guard.
A key already used on the order answers the refund it made (the same request again) or, when the
request differs, a conflict; two concurrent requests with one key make one refund.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhanggui.core.actors import Actor
from zhanggui.core.audit import audit_record
from zhanggui.core.exceptions import ConflictError, ValidationFailed
from zhanggui.core.inputs import money, text
from zhanggui.core.money import allocate
from zhanggui.orders.models import Order
from zhanggui.orders.services import order_refund_apply
from zhanggui.orders.states import BEFORE_SHIPMENT

from ..models import Case, Refund, RefundLine, Responsibility
from ..selectors.money import OrderMoney, order_money
from ..selectors.rules import aftersales_rules
from ..states import RESOLUTION, CaseStatus, CaseType
from .steps import actor_id, authorise, move, save, status_audit

ZERO = Decimal("0.00")
S = CaseStatus
REPORTED_RULE = "platform"  # a refund the platform made and reports (webhook, imported file)


def _refunding_step(case: Case) -> None:
    ready = S.APPROVED if case.type == CaseType.REFUND_ONLY else S.INSPECTED
    if case.type not in (CaseType.REFUND_ONLY, CaseType.RETURN_REFUND) or case.status != ready:
        raise ConflictError(
            _("After-sales case %(number)s is not ready for a refund.") % {"number": case.number}, code="not_ready"
        )
    if case.status == S.INSPECTED and case.inspection_result != "passed":
        raise ConflictError(_("Goods that failed inspection are refused, not refunded."), code="inspection_failed")


def shipping_refund_due(case: Case, funds: OrderMoney, goods: Decimal) -> Decimal:
    """The shipping fee this refund pays back (the responsibility rule, docs/aftersales.md): none while
    other goods of the order stay paid for; then all of what is left of it, when the parcel never left
    or the shop or the carrier is responsible — a buyer who changed their mind pays the postage."""
    if goods < sum((item.refundable for item in funds.lines.values()), ZERO):
        return ZERO
    if funds.order.status in BEFORE_SHIPMENT or case.responsibility != Responsibility.BUYER:
        return funds.shipping_refundable
    return ZERO


def _goods_split(case: Case, goods: Decimal, funds: OrderMoney) -> dict[int, Decimal]:
    """Each case line's part of ``goods``: in proportion to what the lines asked, checked per line."""
    lines = list(case.lines.order_by("pk"))
    shares = allocate(goods, [line.amount for line in lines])
    split = {}
    for line, share in zip(lines, shares, strict=True):
        refundable = funds.lines[line.order_line_id].refundable
        if share > refundable:
            raise ValidationFailed.for_field(
                "amount", _("At most %(max)s can still be refunded on one of the lines.") % {"max": refundable}
            )
        if share:
            split[line.order_line_id] = share
    return split


@transaction.atomic
def refund_issue(
    *,
    by: Actor | None,
    case: Case,
    idempotency_key: str,
    amount: Decimal | None = None,
    rule: str = "",
) -> Refund:
    """Refund ``case``'s goods (``amount``, default: what the buyer asked) and the shipping fee the
    rule allows; the case moves to 已退款. ``by`` None is a rule (automatic approval, deadline)."""
    authorise(by, "aftersales.refund", case)
    key = text(idempotency_key, "idempotency_key", max_length=120)
    order = Order.objects.select_for_update(of=("self",)).get(pk=case.order_id)
    case = Case.objects.select_for_update(of=("self",)).select_related("store", "order", "reason").get(pk=case.pk)
    goods = case.requested_amount if amount is None else money(amount, "amount")
    existing = Refund.objects.filter(order=order, idempotency_key=key).first()
    if existing is not None:
        if existing.case_id != case.pk or existing.amount - existing.shipping_amount != goods:
            raise ConflictError(_("This idempotency key was used for another refund."), code="idempotency_conflict")
        return existing
    _refunding_step(case)
    if goods <= 0:
        raise ValidationFailed.for_field("amount", _("Enter an amount above zero."))
    if goods > case.requested_amount:
        raise ValidationFailed.for_field(
            "amount", _("The buyer asked for %(asked)s; refund at most that.") % {"asked": case.requested_amount}
        )
    reported = rule == REPORTED_RULE
    funds = order_money(order)
    split = _goods_split(case, goods, funds)
    shipping = shipping_refund_due(case, funds, goods)
    total = goods + shipping
    limit = funds.refundable_as_reported if reported else funds.refundable
    if total > limit:
        raise ValidationFailed.for_field(
            "amount", _("At most %(max)s of this order can still be refunded.") % {"max": limit}
        )
    now = timezone.now()
    refund = Refund.objects.create(
        store_id=case.store_id,
        order=order,
        case=case,
        amount=total,
        shipping_amount=shipping,
        idempotency_key=key,
        issued_by_id=actor_id(by),
        issued_at=now,
        rule=rule,
    )
    RefundLine.objects.bulk_create(
        [RefundLine(refund=refund, order_line_id=line_id, amount=share) for line_id, share in split.items()]
    )
    # A refund the platform reports may be in the order feed's total already: the order's total
    # becomes at least all of after-sales' refunds, not that plus the feed's.
    order_refund_apply(
        by=by, order=order, amount=total, at=now, at_least=funds.refunded_by_cases + total if reported else None
    )
    before_status, path = case.status, list[str]()
    move(case, RESOLUTION[case.type], path)
    case.refunded_amount += total
    case.shipping_refund += shipping
    case.resolved_at, case.resolved_by_id = now, actor_id(by)
    save(
        case,
        ["status", "refunded_amount", "shipping_refund", "resolved_at", "resolved_by"],
        aftersales_rules(case.store_id),
    )
    before, after = status_audit(before_status, path)
    after.update(refunded=total, shipping=shipping, order_refunded=order.refunded_amount, order_status=order.status)
    if rule:
        after["rule"] = rule
    audit_record(actor=by, action="aftersales.case.refund", obj=case, before=before, after=after)
    return refund
