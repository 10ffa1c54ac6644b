"""Schemas of the order rules API (订单规则) (no ``from __future__``: ninja reads the annotations)."""

from decimal import Decimal
from typing import Annotated

from ninja import Field, Schema

from zhanggui.core.api import GuardedSchema

Keyword = Annotated[str, Field(min_length=1, max_length=20)]


class OrderSettingsIn(Schema):
    """Every rule of the store; the review and shipping pages read them at once."""

    unpaid_timeout_minutes: int = Field(ge=1, le=30 * 24 * 60, description="Close unpaid orders after this long.")
    review_amount_threshold: Decimal = Field(
        ge=0, max_digits=12, decimal_places=2, description="Hold paid orders above this amount for review."
    )
    review_keywords: list[Keyword] = Field(
        max_length=50, description="Buyer-message words that hold an order (改地址, 加急 …)."
    )
    ship_sla_hours: int = Field(ge=1, le=30 * 24, description="Paid orders should ship within this many hours.")
    merge_window_hours: int = Field(
        ge=1, le=30 * 24, description="Orders of one buyer or address this close together are merge candidates."
    )
    stuck_shipment_days: int = Field(ge=1, le=90, description="A shipment without tracking news this long is stuck.")
    auto_complete_days: int = Field(ge=1, le=90, description="Delivered orders complete after this many days.")


class OrderSettingsOut(GuardedSchema, OrderSettingsIn):
    # The review rules (审单规则) only for those who set them: knowing the threshold and the words
    # that hold an order for review is knowing how to slip an order past it.
    only_for = dict.fromkeys(("review_amount_threshold", "review_keywords", "merge_window_hours"), "orders.review")

    store_id: int
