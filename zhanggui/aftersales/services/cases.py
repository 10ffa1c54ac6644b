"""Opening an after-sales case: from the order page, a conversation, the API, a platform webhook or a file.

One request per order line at a time: a line already in an open case cannot be asked for again
until that case ends. The amounts asked for are checked against what each line can still pay back
(``selectors.money``). A refund-only request before shipment covers the whole order, since a
parcel cannot leave without some of its goods: refunding it cancels the order (stock released).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhanggui.catalog.models import Sku
from zhanggui.core.actors import Actor
from zhanggui.core.audit import audit_record
from zhanggui.core.exceptions import ConflictError, ValidationFailed
from zhanggui.core.inputs import money, text
from zhanggui.core.permissions import require_perm, require_store_access
from zhanggui.orders.models import Order
from zhanggui.orders.states import BEFORE_SHIPMENT, OrderStatus

from ..models import Case, CaseLine, CaseSource, Reason
from ..selectors.money import OrderMoney, order_money
from ..selectors.rules import aftersales_rules
from ..states import OPEN, REFUNDING, CaseType
from .decisions import auto_approve_if_eligible
from .steps import actor_id, save

ZERO = Decimal("0.00")
T = CaseType
# Sources whose requests the platform has already decided on and reports as they stand.
REPORTED = frozenset({CaseSource.PLATFORM, CaseSource.IMPORT})


@dataclass(frozen=True)
class CaseLineInput:
    """One order line a request is about: units, the amount asked (None: its share of the line's
    refundable money) and, for an exchange, the SKU wanted instead (None: the same SKU)."""

    order_line_id: int
    quantity: int
    amount: Decimal | None = None
    replacement_sku_id: int | None = None


def _check_order(order: Order) -> None:
    if order.status == OrderStatus.PENDING_PAYMENT or (order.paid_at is None and order.paid_amount == 0):
        raise ConflictError(
            _("Order %(number)s is not paid; there is nothing to return or refund.")
            % {"number": order.platform_order_id},
            code="not_paid",
        )


SENT: frozenset[str] = frozenset({OrderStatus.SHIPPED, OrderStatus.DELIVERED, OrderStatus.COMPLETED})


def _check_sent(order: Order, type_: str) -> None:
    """Goods can be returned, exchanged, reissued or repaired only once the parcel has left."""
    if type_ != T.REFUND_ONLY and order.status not in SENT:
        raise ConflictError(
            _("Order %(number)s has not been shipped; only a refund can be asked for.")
            % {"number": order.platform_order_id},
            code="not_shipped",
        )


def _whole_order(funds: OrderMoney) -> list[CaseLineInput]:
    return [CaseLineInput(order_line_id=pk, quantity=item.line.quantity) for pk, item in funds.lines.items()]


def _open_lines(order: Order) -> set[int]:
    return set(
        CaseLine.objects.filter(case__order=order, case__status__in=OPEN).values_list("order_line_id", flat=True)
    )


def _case_lines(type_: str, inputs: Sequence[CaseLineInput], funds: OrderMoney) -> list[CaseLine]:
    if not inputs:
        raise ValidationFailed.for_field("lines", _("Choose at least one order line."))
    taken = _open_lines(funds.order)
    seen: set[int] = set()
    lines = []
    for index, item in enumerate(inputs):
        field = f"lines.{index}"
        line_money = funds.lines.get(item.order_line_id)
        if line_money is None:
            raise ValidationFailed.for_field(f"{field}.order_line_id", _("This line is not on the order."))
        if item.order_line_id in seen:
            raise ValidationFailed.for_field(f"{field}.order_line_id", _("This line is listed twice."))
        seen.add(item.order_line_id)
        if item.order_line_id in taken:
            raise ValidationFailed.for_field(
                f"{field}.order_line_id", _("This line already has an open after-sales case.")
            )
        line = line_money.line
        if (
            isinstance(item.quantity, bool)
            or not isinstance(item.quantity, int)
            or not 0 < item.quantity <= line.quantity
        ):
            raise ValidationFailed.for_field(
                f"{field}.quantity", _("Enter a number from 1 to %(max)s.") % {"max": line.quantity}
            )
        amount = ZERO
        if type_ in REFUNDING:
            left = max(line.quantity - line_money.units_refunded, 1)
            share = min(line_money.refundable * item.quantity / left, line_money.refundable).quantize(Decimal("0.01"))
            amount = share if item.amount is None else money(item.amount, f"{field}.amount")
            if amount > line_money.refundable:
                raise ValidationFailed.for_field(
                    f"{field}.amount",
                    _("At most %(max)s can still be refunded on this line.") % {"max": line_money.refundable},
                )
        replacement = _replacement(type_, item, line.sku_id, f"{field}.replacement_sku_id")
        lines.append(CaseLine(order_line=line, quantity=item.quantity, amount=amount, replacement_sku=replacement))
    return lines


def _replacement(type_: str, item: CaseLineInput, sku_id: int | None, field: str) -> Sku | None:
    """The SKU sent out again: the line's own (a reissue), or another size or colour of its product
    (an exchange); never another product, which would be goods given away."""
    if type_ not in (T.EXCHANGE, T.REISSUE):
        return None
    if sku_id is None:
        raise ValidationFailed.for_field(field, _("Match this line to a SKU first, so the goods can be sent."))
    wanted = item.replacement_sku_id if type_ == T.EXCHANGE and item.replacement_sku_id else sku_id
    sku = Sku.objects.filter(pk=wanted, is_active=True).select_related("product").first()
    if sku is None:
        raise ValidationFailed.for_field(field, _("Choose an active SKU."))
    if sku.pk != sku_id and sku.product_id != Sku.objects.values_list("product_id", flat=True).get(pk=sku_id):
        raise ValidationFailed.for_field(field, _("Exchange for another size or colour of the same product."))
    return sku


def _check_platform_case_id(store_id: int, platform_case_id: str) -> str:
    """The platform's case number, recorded once per store (a second case would break the unique
    constraint as a server error)."""
    number = text(platform_case_id, "platform_case_id", required=False, max_length=40)
    if number and Case.objects.filter(store_id=store_id, platform_case_id=number).exists():
        raise ValidationFailed.for_field(
            "platform_case_id", _("The platform's case %(number)s is already recorded.") % {"number": number}
        )
    return number


def _check_reason(reason: Reason | None) -> Reason:
    if reason is None or not reason.is_active:
        raise ValidationFailed.for_field("reason", _("Choose a reason."))
    return reason


@transaction.atomic
def case_create(
    *,
    by: Actor | None,
    order: Order,
    type: str,
    reason: Reason | None,
    lines: Sequence[CaseLineInput] = (),
    description: str = "",
    source: str = CaseSource.STAFF,
    platform_case_id: str = "",
    requested_at: dt.datetime | None = None,
    respond_by: dt.datetime | None = None,
    conversation_ref: str = "",
) -> Case:
    """Open a case on ``order``; ``by`` None is the platform (a webhook). Refund-only requests may be
    approved and refunded at once by the store's automatic-approval rule (audited with the rule)."""
    if by is not None:
        require_perm(by, "aftersales.create")
        require_store_access(by, order.store_id)
    if type not in T.values:
        raise ValidationFailed.for_field("type", _("Choose a case type."))
    reason = _check_reason(reason)
    order = Order.objects.select_for_update(of=("self",)).select_related("buyer").get(pk=order.pk)
    _check_order(order)
    platform_case_id = _check_platform_case_id(order.store_id, platform_case_id)
    reported = source in REPORTED
    funds = order_money(order)
    if type == T.REFUND_ONLY and order.status in BEFORE_SHIPMENT and not reported:
        lines = _whole_order(funds)  # the parcel has not left: the whole order is refunded
    _check_sent(order, type)
    case_lines = _case_lines(type, lines, funds)
    if type in REFUNDING and not any(line.amount for line in case_lines):
        raise ValidationFailed.for_field("lines", _("Nothing is left to refund on these lines."))
    asked = sum((line.amount for line in case_lines), ZERO)
    limit = funds.refundable_as_reported if reported else funds.refundable
    if asked > limit:
        raise ValidationFailed.for_field(
            "lines", _("At most %(max)s of this order can still be refunded.") % {"max": limit}
        )
    now = timezone.now()
    rules = aftersales_rules(order.store_id)
    requested_at = requested_at or now
    case = Case(
        store_id=order.store_id,
        order=order,
        platform_case_id=platform_case_id,
        type=type,
        source=source,
        reason=reason,
        responsibility=reason.responsibility,
        description=description.strip()[:2000],
        requested_amount=asked,
        conversation_ref=conversation_ref[:40],
        created_by_id=actor_id(by),
        requested_at=requested_at,
        respond_by=respond_by or requested_at + dt.timedelta(hours=rules.response_hours),
        updated_at=now,
    )
    case.save(force_insert=True)
    for line in case_lines:
        line.case = case
    CaseLine.objects.bulk_create(case_lines)
    save(case, [], rules)
    audit_record(
        actor=by,
        action="aftersales.case.create",
        obj=case,
        after={
            "order": order.platform_order_id,
            "type": type,
            "reason": reason.name,
            "requested_amount": case.requested_amount,
            "lines": [{"line": line.order_line_id, "quantity": line.quantity} for line in case_lines],
            "source": source,
        },
    )
    if not reported:  # the platform decides its own requests and reports what it decided
        auto_approve_if_eligible(case, rules)
    return case
