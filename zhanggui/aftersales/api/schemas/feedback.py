"""Schemas of the after-sales feedback API: evidence, guidance, reasons, rules, return rates, report
(no ``from __future__``: ninja reads the annotations)."""

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from django.urls import reverse
from ninja import Field, Schema

from zhanggui.core.api import Id

EvidenceKindCode = Literal["buyer", "staff", "inspection"]
ResponsibilityCode = Literal["merchant", "buyer", "carrier"]


class EvidenceOut(Schema):
    """A photo on a case; its file is read through ``file_url`` with the caller's own credentials."""

    id: int
    case_id: int
    kind: EvidenceKindCode
    width: int
    height: int
    uploaded_by_id: int | None
    uploaded_at: dt.datetime
    file_url: str = Field(description="The photo (re-encoded, without EXIF); add ?size=thumbnail for 240 px WebP.")

    @staticmethod
    def resolve_file_url(obj: Any) -> str:
        return reverse("api:aftersales_evidence_file", kwargs={"evidence_id": obj.pk})


class GuideOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    product_id: int | None


class MessageIn(Schema):
    article_id: Id | None = Field(None, description="One of the case's guides (GET …/guidance).")
    body: str = Field("", max_length=4000, description="Left empty, the guide's own text is sent.")


class MessageOut(Schema):
    id: int
    case_id: int
    article_id: int | None
    body: str
    sent_by_id: int | None
    sent_at: dt.datetime


class GuidanceOut(Schema):
    """The guides for the case's goods (those naming its SKUs first) and what was sent from it."""

    guides: list[GuideOut]
    messages: list[MessageOut]


class ReasonOut(Schema):
    id: int
    code: str
    name: str
    responsibility: ResponsibilityCode
    is_active: bool
    sort_order: int


class ReasonIn(Schema):
    code: str = Field(min_length=1, max_length=40, pattern=r"^[a-z0-9_]+$")
    name: str = Field(min_length=1, max_length=60)
    responsibility: ResponsibilityCode
    sort_order: int = Field(0, ge=0, le=1_000_000)


class ReasonPatch(Schema):
    """Changes to a reason; omitted fields stay (``is_active: false`` retires it; the code never changes)."""

    name: str | None = Field(None, min_length=1, max_length=60)
    responsibility: ResponsibilityCode | None = None
    sort_order: int | None = Field(None, ge=0, le=1_000_000)
    is_active: bool | None = None


class AftersalesSettingsIn(Schema):
    response_hours: int = Field(ge=1, le=720, description="The platform agrees an unanswered request after this.")
    return_ship_days: int = Field(ge=1, le=60, description="The buyer sends the goods back within this many days.")
    receive_days: int = Field(ge=1, le=60, description="Receipt is confirmed within this many days of the waybill.")
    inspect_hours: int = Field(ge=1, le=720)
    resolve_hours: int = Field(ge=1, le=720)
    auto_approve_max_amount: Decimal = Field(
        ge=0, max_digits=12, decimal_places=2, description="0: no automatic approval."
    )
    auto_approve_max_buyer_cases: int = Field(ge=0, le=1000)
    return_rate_threshold: Decimal = Field(gt=0, le=100, max_digits=5, decimal_places=2)


class AftersalesSettingsOut(AftersalesSettingsIn):
    store_id: int


class ReturnRateFlagOut(Schema):
    id: int
    sku_id: int
    merchant_code: str
    period_start: dt.date
    period_end: dt.date
    units_sold: int
    units_returned: int
    return_rate: Decimal
    threshold: Decimal
    top_reason_id: int | None
    flagged_at: dt.datetime
    acknowledged_at: dt.datetime | None
    acknowledged_by_id: int | None

    @staticmethod
    def resolve_merchant_code(obj: Any) -> str:
        return str(obj.sku.merchant_code)


class FlagFilters(Schema):
    acknowledged: bool | None = None
    sku: Id | None = None


class AcknowledgeIn(Schema):
    note: str = Field("", max_length=500)


class PeriodQuery(Schema):
    date_from: dt.date
    date_to: dt.date
    store: Id | None = None


class SkuDefectOut(Schema):
    sku_id: int
    merchant_code: str
    product: str
    units_sold: int
    units_returned: int
    cases: int
    return_rate: Decimal | None = Field(description="Units returned per hundred sold; null when none was sold.")


class ReasonDefectOut(Schema):
    reason_id: int
    reason: str
    responsibility: ResponsibilityCode
    units_returned: int
    cases: int


class DefectsOut(Schema):
    by_sku: list[SkuDefectOut]
    by_reason: list[ReasonDefectOut]


class CountedOut(Schema):
    code: str
    label: str
    cases: int


class ReasonCountOut(Schema):
    code: int
    label: str
    cases: int
    refunded: Decimal


class StepTimeOut(Schema):
    step: str
    label: str
    cases: int
    average_hours: Decimal | None
    staff_id: int | None = None
    staff_name: str = ""


class ReportOut(Schema):
    """A period's after-sales: cases requested in it, refunds issued in it, handling time per step."""

    date_from: dt.date
    date_to: dt.date
    cases: int
    by_type: list[CountedOut]
    by_status: list[CountedOut]
    refunded: Decimal
    refunds: int
    by_reason: list[ReasonCountOut]
    by_responsibility: list[CountedOut]
    step_times: list[StepTimeOut]
    staff_step_times: list[StepTimeOut]
