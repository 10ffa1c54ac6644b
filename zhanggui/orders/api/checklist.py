"""API of the daily opening checklist (开工检查): the same sections as the console page, by role."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Schema

from zhanggui.core import policy
from zhanggui.core.api import ApiRouter, api_permission

from ..selectors.checklist import opening_checklist

router = ApiRouter(tags=["checklist"])


class ChecklistItemOut(Schema):
    label: str = Field(..., description="Order number, or the nickname of the buyer who rated")
    store: str
    detail: str
    url: str = Field(..., description="The console page that opens the item")
    at: dt.datetime | None
    amount: Decimal | None
    rating: int | None


class ChecklistSectionOut(Schema):
    key: str = Field(
        ...,
        description="unpaid_follow_up, overdue_shipment, held_for_review, stuck_shipment or low_ratings",
    )
    title: str
    action: str
    count: int
    items: list[ChecklistItemOut] = Field(..., description="The first few, most urgent first")
    url: str = Field(..., description="The console page that clears the section")


class ChecklistOut(Schema):
    generated_at: dt.datetime
    sections: list[ChecklistSectionOut]


@router.get("", response=ChecklistOut, summary="My opening checklist")
@api_permission(policy.AUTHENTICATED)
def checklist_get(request: HttpRequest) -> Any:
    """What needs doing first today in your stores, shaped by your role: unpaid orders worth a reminder
    and yesterday's low ratings (customer service), orders past the shipping promise, held for review
    and parcels without tracking news (order desk). Sections your role does not work on are left
    out; an empty ``sections`` list means none is yours, a count of 0 that the section is clear."""
    now = timezone.now()
    return {"generated_at": now, "sections": opening_checklist(user=request.auth, now=now)}
