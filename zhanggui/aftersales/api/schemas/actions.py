"""Schemas of the steps taken on a case, one by one or in a batch (no ``from __future__``: ninja reads
the annotations)."""

from typing import Annotated, Literal

from ninja import Field, Schema

from zhanggui.core.api import Id

Note = Annotated[str, Field(max_length=200, description="Optional remark; kept in the audit log.")]
Reason = Annotated[str, Field(min_length=1, max_length=200, description="Why; the buyer and the platform read it.")]
Carrier = Annotated[
    str, Field(min_length=1, max_length=20, examples=["ZTO"], description="SF, ZTO, YTO, STO, YUNDA, JD, EMS …")
]
TrackingNo = Annotated[str, Field(min_length=1, max_length=40, examples=["75312345678901"])]
BatchIds = Annotated[list[Id], Field(min_length=1, max_length=500, description="At most 500 cases at once.")]


class CaseAssignIn(Schema):
    assignee_id: Id | None = Field(
        description="A staff member of the case's store who handles after-sales; null: nobody."
    )


class CaseNoteIn(Schema):
    note: Note = ""


class CaseRejectIn(Schema):
    reason: Reason


class CaseWaybillIn(Schema):
    """A parcel's carrier and tracking number (checked against the carrier's format)."""

    carrier: Carrier
    tracking_no: TrackingNo


class CaseInspectIn(Schema):
    result: Literal["passed", "failed"] = Field(description="合格 passed (sellable) or 不合格 failed.")
    note: str = Field("", max_length=500, description="Required when the goods failed: what is wrong with them.")


class CaseRestockIn(Schema):
    warehouse_id: Id = Field(description="The active warehouse the returned units go back into.")


class CaseCloseIn(Schema):
    note: str = Field(
        "", max_length=200, description="Required for a request still open (e.g. withdrawn by the buyer)."
    )


class CaseBatchIn(Schema):
    case_ids: BatchIds


class CaseBatchApproveIn(CaseBatchIn):
    note: Note = ""


class CaseBatchRejectIn(CaseBatchIn):
    reason: Reason


class CaseBatchErrorOut(Schema):
    case_id: int
    message: str


class CaseBatchResultOut(Schema):
    """Per case what happened: ``done`` lists the cases changed, ``errors`` why the others were not."""

    done: list[int]
    errors: list[CaseBatchErrorOut]
