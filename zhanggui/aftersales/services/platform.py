"""Requests the platforms report (退款 / 服务单), from an imported file or a signed webhook.

A platform request is one case per platform number (退款编号 / 服务单号) in a store. The first report
opens the case; every report then moves it forward to the platform's stage through the usual steps,
the platform acting (``by`` None): agreed, the buyer's return waybill, refused, closed (withdrawn)
and refunded. A report never moves a case backwards, and the same report twice changes nothing.
A step the case cannot take from where it is (e.g. a refusal after our warehouse received the
goods) is left for staff: the case stays as it is.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from zhanggui.core.actors import Actor
from zhanggui.core.exceptions import ConflictError, ValidationFailed
from zhanggui.core.permissions import require_perm, require_store_access
from zhanggui.orders.models import Order

from ..models import Case, CaseSource, InspectionResult
from ..selectors.platform import reason_match
from ..states import GOODS_BACK, REFUNDING, UNANSWERED, WITHDRAWABLE, CaseStatus, CaseType
from .cases import CaseLineInput, case_create
from .decisions import _approve, case_close, case_reject
from .goods import case_inspect, case_receive, case_return_ship
from .refunds import REPORTED_RULE, refund_issue
from .steps import locked

S = CaseStatus
PLATFORM_RULE = REPORTED_RULE


class PlatformStage:
    """Where the platform says a request is (its status texts and codes map onto these)."""

    REQUESTED = "requested"  # 等待卖家同意 / 待审核
    AGREED = "agreed"  # 等待买家退货 / 审核通过
    RETURN_SHIPPED = "return_shipped"  # 买家已经退货，等待卖家确认收货 / 待收货
    REFUSED = "refused"  # 卖家拒绝退款 / 审核不通过
    CLOSED = "closed"  # 退款关闭 / 已取消: withdrawn
    REFUNDED = "refunded"  # 退款成功; for a JD exchange or repair: 已完成


STAGES = frozenset(value for key, value in vars(PlatformStage).items() if key.isupper())
PAST_AGREEMENT = frozenset({PlatformStage.AGREED, PlatformStage.RETURN_SHIPPED, PlatformStage.REFUNDED})


@dataclass(frozen=True)
class PlatformCaseData:
    """One platform request as reported now: its number, type and stage, the order line it is about
    (units: None for all of them; amount: None for their share), and what the buyer said."""

    platform_case_id: str
    type: str
    stage: str
    order_line_id: int
    quantity: int | None = None
    amount: Decimal | None = None
    reason_text: str = ""
    description: str = ""
    requested_at: dt.datetime | None = None
    respond_by: dt.datetime | None = None  # the platform's deadline for the shop's answer (超时时间)
    return_carrier: str = ""
    return_tracking_no: str = ""
    return_shipped_at: dt.datetime | None = None


def _check(data: PlatformCaseData) -> None:
    if not data.platform_case_id.strip():
        raise ValidationFailed.for_field("platform_case_id", _("This field is required."))
    if data.type not in CaseType.values:
        raise ValidationFailed.for_field("type", _("Choose a case type."))
    if data.stage not in STAGES:
        raise ValidationFailed.for_field("status", _("Unknown platform status."))


@transaction.atomic
def case_platform_sync(
    *, by: Actor | None, order: Order, data: PlatformCaseData, source: str = CaseSource.PLATFORM
) -> tuple[Case, str]:
    """Open or move forward the case of a platform request on ``order``: (case, ``created``,
    ``updated`` or ``unchanged``). ``by`` None is the platform (a webhook, or an imported platform
    file, whose import job is audited with its uploader); each step writes its own audit row.

    Locking precondition: the order row is locked before the case, as ``refund_issue`` does."""
    if by is not None:
        require_perm(by, "aftersales.import")
        require_store_access(by, order.store_id)
    _check(data)
    # The order's row lock first (as refunds take it): two reports of one request, e.g. webhook
    # deliveries arriving together, run one after the other, so the second finds the first's case.
    order = Order.objects.select_for_update().get(pk=order.pk)
    number = data.platform_case_id.strip()
    case = Case.objects.select_for_update().filter(store_id=order.store_id, platform_case_id=number).first()
    if case is not None and case.order_id != order.pk:
        raise ConflictError(
            _("Platform request %(number)s belongs to another order.") % {"number": number}, code="other_order"
        )
    if case is None:
        case = _open(order, data, source)
        _forward(case, data)
        return case, "created"
    return case, "updated" if _forward(case, data) else "unchanged"


def _open(order: Order, data: PlatformCaseData, source: str) -> Case:
    reason, named = reason_match(data.reason_text)
    description = data.description.strip()
    if not named and data.reason_text.strip():
        description = "\n".join(filter(None, [data.reason_text.strip(), description]))
    quantity = data.quantity
    if quantity is None:  # the platform names no units (Taobao): all of the line's
        quantity = order.lines.filter(pk=data.order_line_id).values_list("quantity", flat=True).first() or 0
    line = CaseLineInput(order_line_id=data.order_line_id, quantity=quantity, amount=data.amount)
    return case_create(
        by=None,
        order=order,
        type=data.type,
        reason=reason,
        lines=[line],
        description=description,
        source=source,
        platform_case_id=data.platform_case_id.strip(),
        requested_at=data.requested_at,
        respond_by=data.respond_by if data.stage == PlatformStage.REQUESTED else None,
    )


def _forward(case: Case, data: PlatformCaseData) -> bool:
    """Take every step from where ``case`` is towards the platform's stage; whether any was taken."""
    case = locked(case)
    stage = data.stage
    if stage == PlatformStage.REFUSED:
        return _refuse(case) > 0
    if stage == PlatformStage.CLOSED:
        return _withdraw(case) > 0
    if stage not in PAST_AGREEMENT:
        return False
    steps = _agree(case)
    if case.type in GOODS_BACK and stage != PlatformStage.AGREED:
        steps += _return_waybill(case, data)
    if stage == PlatformStage.REFUNDED and case.type in REFUNDING:
        steps += _refund(case, data)
    return steps > 0


def _agree(case: Case) -> int:
    if case.status not in UNANSWERED:
        return 0
    _approve(locked(case), by=None, rule=PLATFORM_RULE, note=_("Agreed on the platform"))
    case.refresh_from_db()
    return 1


def _return_waybill(case: Case, data: PlatformCaseData) -> int:
    tracking_no = "".join(data.return_tracking_no.split()).upper()
    if case.status != S.AWAITING_RETURN or not tracking_no or tracking_no == case.return_tracking_no:
        return 0
    case_return_ship(
        by=None, case=case, carrier=data.return_carrier, tracking_no=tracking_no, at=data.return_shipped_at
    )
    case.refresh_from_db()
    return 1


def _refund(case: Case, data: PlatformCaseData) -> int:
    """The platform paid the buyer back: the goods (if any) came back and passed, and the refund is
    recorded once under the platform's number."""
    note = _("Refunded on the platform")
    steps = 0
    if case.status == S.AWAITING_RETURN:
        case = case_receive(by=None, case=case, note=note)
        steps += 1
    if case.status == S.RECEIVED:
        case = case_inspect(by=None, case=case, result=InspectionResult.PASSED, note=note)
        steps += 1
    ready = S.APPROVED if case.type == CaseType.REFUND_ONLY else S.INSPECTED
    if case.status != ready or (ready == S.INSPECTED and case.inspection_result != InspectionResult.PASSED):
        return steps
    amount = min(data.amount, case.requested_amount) if data.amount else None  # what the platform paid back
    refund_issue(
        by=None, case=case, idempotency_key=f"platform-{case.platform_case_id}", amount=amount, rule=PLATFORM_RULE
    )
    return steps + 1


def _refuse(case: Case) -> int:
    if case.status not in UNANSWERED:
        return 0
    case_reject(by=None, case=case, reason=_("Refused on the platform"))
    return 1


def _withdraw(case: Case) -> int:
    if case.status not in WITHDRAWABLE and case.status != S.REJECTED:
        return 0
    case_close(by=None, case=case, note=_("Closed on the platform (withdrawn by the buyer)"))
    return 1
