"""Schemas of the opening checklist API (开工检查) (no ``from __future__``: ninja reads the annotations)."""

import datetime as dt
from decimal import Decimal

from ninja import Field, Schema


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
