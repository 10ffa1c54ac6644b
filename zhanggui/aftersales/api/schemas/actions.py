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


class AssignIn(Schema):
    assignee_id: Id | None = Field(
        description="A staff member of the case's store who handles after-sales; null: nobody."
    )


class NoteIn(Schema):
    note: Note = ""


class RejectIn(Schema):
    reason: Reason


class WaybillIn(Schema):
    """A parcel's carrier and tracking number (checked against the carrier's format)."""

    carrier: Carrier
    tracking_no: TrackingNo


class InspectIn(Schema):
    result: Literal["passed", "failed"] = Field(description="合格 passed (sellable) or 不合格 failed.")
    note: str = Field("", max_length=500, description="Required when the goods failed: what is wrong with them.")


class RestockIn(Schema):
    warehouse_id: Id = Field(description="The active warehouse the returned units go back into.")


class CloseIn(Schema):
    note: str = Field(
        "", max_length=200, description="Required for a request still open (e.g. withdrawn by the buyer)."
    )


class BatchIn(Schema):
    case_ids: BatchIds


class BatchApproveIn(BatchIn):
    note: Note = ""


class BatchRejectIn(BatchIn):
    reason: Reason


class BatchErrorOut(Schema):
    case_id: int
    message: str


class BatchResultOut(Schema):
    """Per case what happened: ``done`` lists the cases changed, ``errors`` why the others were not."""

    done: list[int]
    errors: list[BatchErrorOut]
