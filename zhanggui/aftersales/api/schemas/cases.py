"""Schemas of the after-sales cases API: the queue, one case, a new request (no ``from __future__``:
ninja reads the annotations)."""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from ninja import Field, Schema

from zhanggui.core.api import COUNT_CAPPED_DESCRIPTION, COUNT_DESCRIPTION, Id, IsoDate

from ...models import CaseLine
from ...selectors import OrderMoney, order_money
from ...services import CaseLineInput
from ...states import OPEN, CaseType, status_label
from .feedback import EvidenceOut

Money = Annotated[Decimal, Field(ge=0, max_digits=12, decimal_places=2, examples=["92.43"])]
TypeCode = Literal["refund_only", "return_refund", "exchange", "reissue", "repair"]
StatusCode = Literal[
    "requested",
    "reviewing",
    "approved",
    "rejected",
    "awaiting_return",
    "received",
    "inspected",
    "refunded",
    "exchanged",
    "repaired",
    "reissued",
    "closed",
]
# The statuses a list is narrowed by, and ``open`` (every status not yet finished).
StatusFilter = Literal[
    "open",
    "requested",
    "reviewing",
    "approved",
    "rejected",
    "awaiting_return",
    "received",
    "inspected",
    "refunded",
    "exchanged",
    "repaired",
    "reissued",
    "closed",
]
ResponsibilityCode = Literal["merchant", "buyer", "carrier"]
SourceCode = Literal["staff", "conversation", "api", "platform", "import"]
TYPE_HELP = "仅退款 refund_only, 退货退款 return_refund, 换货 exchange, 补发 reissue, 维修 repair"


# --- reading -----------------------------------------------------------------------------------
class CaseOut(Schema):
    """An after-sales case (售后单) as listed: what is asked, where it stands, who handles it."""

    id: int
    number: str = Field(description="Our case number (售后单号), SH and the id.")
    store_id: int
    store_code: str = Field(alias="store.code")
    order_id: int
    platform_order_id: str = Field(alias="order.platform_order_id")
    buyer_nickname: str = Field(alias="order.buyer.nickname")
    platform_case_id: str = Field(description="The platform's case number (退款编号 / 服务单号); empty if none.")
    type: TypeCode = Field(description=TYPE_HELP)
    type_label: str
    status: StatusCode
    status_label: str
    source: SourceCode
    reason_id: int
    reason_name: str = Field(alias="reason.name")
    responsibility: ResponsibilityCode = Field(description="Who caused the problem: merchant, buyer or carrier.")
    requested_amount: Decimal = Field(description="What the buyer asks back for the goods (0 for goods-only cases).")
    refunded_amount: Decimal = Field(description="Paid back so far, shipping fee included.")
    shipping_refund: Decimal = Field(description="Of which the shipping fee.")
    assignee_id: int | None
    assignee_name: str = Field(description="Who handles it; empty when nobody does.")
    requested_at: dt.datetime
    respond_by: dt.datetime = Field(description="The platform agrees on the shop's behalf after this.")
    due_at: dt.datetime | None = Field(description="When the current step falls due; empty when nothing is awaited.")
    decided_at: dt.datetime | None
    updated_at: dt.datetime

    @staticmethod
    def resolve_type_label(obj: Any) -> str:
        return str(CaseType(obj.type).label)

    @staticmethod
    def resolve_status_label(obj: Any) -> str:
        return status_label(obj.status)

    @staticmethod
    def resolve_assignee_name(obj: Any) -> str:
        return str(obj.assignee) if obj.assignee_id else ""


class CasePageOut(Schema):
    """One page of cases: ``?page=1&page_size=50`` (max 200)."""

    count: int = Field(description=COUNT_DESCRIPTION)
    count_capped: bool = Field(description=COUNT_CAPPED_DESCRIPTION)
    page: int
    page_size: int
    items: list[CaseOut]


class CaseLineOut(Schema):
    """An order line the case is about, with that line's money now (DESIGN.md: the refund rule)."""

    id: int
    order_line_id: int
    sku_id: int | None = Field(description="The ordered SKU; null when its merchant code matches none.")
    merchant_code: str
    title: str
    ordered_quantity: int
    quantity: int = Field(description="Units the case is about.")
    amount: Decimal = Field(description="What the buyer asks back for these units.")
    replacement_sku_id: int | None = Field(description="For an exchange or a reissue: the SKU sent instead.")
    restocked_quantity: int
    paid_share: Decimal = Field(description="The line's share of what the order paid (discounts spread over lines).")
    refunded: Decimal = Field(description="Refunded on this line so far, by any case.")
    refundable: Decimal = Field(description="What this line can still pay back.")


def case_line_item(line: CaseLine, funds: OrderMoney) -> dict[str, Any]:
    money = funds.lines.get(line.order_line_id)
    ordered = line.order_line
    return {
        "id": line.pk,
        "order_line_id": line.order_line_id,
        "sku_id": ordered.sku_id,
        "merchant_code": ordered.merchant_code,
        "title": ordered.title,
        "ordered_quantity": ordered.quantity,
        "quantity": line.quantity,
        "amount": line.amount,
        "replacement_sku_id": line.replacement_sku_id,
        "restocked_quantity": line.restocked_quantity,
        "paid_share": money.paid_share if money else Decimal("0.00"),
        "refunded": money.refunded if money else Decimal("0.00"),
        "refundable": money.refundable if money else Decimal("0.00"),
    }


class CaseRefundOut(Schema):
    """A refund paid on the case."""

    id: int
    amount: Decimal = Field(description="All that was paid back, shipping fee included.")
    shipping_amount: Decimal
    issued_at: dt.datetime
    issued_by_id: int | None = Field(description="Null when a rule refunded (automatic approval, deadline).")
    rule: str


class CaseMessageOut(Schema):
    """Guidance sent to the buyer: a knowledge article or a note."""

    id: int
    article_id: int | None
    body: str
    sent_by_id: int | None
    sent_at: dt.datetime


class CaseDetailOut(CaseOut):
    """A case with every step taken, its lines with their money, refunds, evidence and messages."""

    description: str = Field(description="The buyer's description (退款说明 / 问题描述).")
    conversation_ref: str
    decision_rule: str = Field(description="The rule that decided, when no person did.")
    refusal_reason: str
    return_carrier: str
    return_tracking_no: str
    return_shipped_at: dt.datetime | None
    received_at: dt.datetime | None
    inspection_result: Literal["passed", "failed", ""]
    inspection_note: str
    inspected_at: dt.datetime | None
    restock_warehouse_id: int | None
    restocked_at: dt.datetime | None
    replacement_order_id: int | None
    repair_sent_at: dt.datetime | None
    outbound_carrier: str
    outbound_tracking_no: str
    resolved_at: dt.datetime | None
    closed_at: dt.datetime | None
    close_note: str
    lines: list[CaseLineOut]
    refunds: list[CaseRefundOut]
    evidence: list[EvidenceOut]
    messages: list[CaseMessageOut]

    @staticmethod
    def resolve_lines(obj: Any) -> list[dict[str, Any]]:
        funds = order_money(obj.order)
        return [case_line_item(line, funds) for line in obj.lines.all()]

    @staticmethod
    def resolve_refunds(obj: Any) -> list[Any]:
        return list(obj.refunds.all())

    @staticmethod
    def resolve_evidence(obj: Any) -> list[Any]:
        return list(obj.evidence.all())

    @staticmethod
    def resolve_messages(obj: Any) -> list[Any]:
        return list(obj.messages.all())


class CaseFilters(Schema):
    """Narrow the queue; every filter is optional."""

    status: list[StatusFilter] | None = Field(
        None, description="Any of these statuses (repeat the parameter); ``open``: every case not yet finished."
    )
    type: TypeCode | None = Field(None, description=TYPE_HELP)
    store: Id | None = None
    reason: Id | None = None
    responsibility: ResponsibilityCode | None = None
    assignee: str | None = Field(
        None,
        pattern=r"^(me|none|[1-9][0-9]{0,17})$",
        description="A staff id, ``me`` (cases you handle) or ``none`` (nobody handles them).",
    )
    due: Literal["overdue", "due_soon"] | None = Field(
        None, description="The current step is past due, or falls due within 8 hours."
    )
    awaiting_inspection: bool | None = Field(None, description="Goods received, not yet inspected.")
    requested_from: IsoDate | None = Field(None, description="Requested on or after this day.")
    requested_to: IsoDate | None = Field(None, description="Requested on or before this day.")
    order: Id | None = Field(None, description="The cases of one order (its id).")
    keyword: str | None = Field(
        None,
        max_length=80,
        description="Our case number (SH…), the platform's case number, the order number, "
        "the buyer's nickname (contains) or the return waybill.",
    )

    def selector_filters(self) -> dict[str, Any]:
        """What ``selectors.case_list`` takes: ``open`` among the statuses stands for each open status."""
        values = self.model_dump(exclude_none=True)
        if statuses := values.get("status"):
            values["status"] = open_statuses(statuses)
        return values


def open_statuses(statuses: list[str]) -> list[str]:
    expanded = [status for status in statuses if status != "open"]
    if "open" in statuses:
        expanded += sorted(OPEN)
    return list(dict.fromkeys(expanded))


# --- writing -----------------------------------------------------------------------------------
class CaseLineIn(Schema):
    """One order line the request is about."""

    order_line_id: Id
    quantity: int = Field(ge=1, le=1_000_000, description="Units, at most as many as were ordered.")
    amount: Money | None = Field(
        None, description="What the buyer asks back; omit for the units' share of what the line can still refund."
    )
    replacement_sku_id: Id | None = Field(
        None, description="For an exchange: the SKU wanted instead (default the same)."
    )


class CaseCreateIn(Schema):
    """A buyer's after-sales request on one order of your stores."""

    order_id: Id
    type: TypeCode = Field(description=TYPE_HELP)
    reason_id: Id = Field(description="One of GET /api/v1/aftersales/reasons.")
    lines: list[CaseLineIn] = Field(
        default_factory=list,
        max_length=500,
        description="Required, except for a refund-only request before shipment: that covers the whole order.",
    )
    description: str = Field("", max_length=2000)
    platform_case_id: str = Field("", max_length=40, description="The platform's case number, unique per store.")
    conversation_ref: str = Field("", max_length=40, description="The conversation the request came from.")

    def line_inputs(self) -> list[CaseLineInput]:
        return [CaseLineInput(**line.model_dump()) for line in self.lines]
