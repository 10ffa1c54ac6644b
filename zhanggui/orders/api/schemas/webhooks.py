"""Schemas of the platforms' signed webhooks (no ``from __future__``: ninja reads the annotations)."""

from typing import Any, Literal

from ninja import Field, Schema
from pydantic import AwareDatetime, model_validator

from .orders import OrderUpsertIn
from .ratings import RatingFields


class WebhookOrder(OrderUpsertIn):
    """An order as the platform reports it now, named by its number; sending it again, or an older
    status, changes nothing. Times carry their zone."""

    platform_order_id: str = Field(..., min_length=1, max_length=40)
    created_at: AwareDatetime
    paid_at: AwareDatetime | None = None


class WebhookIn(Schema):
    """``{"event": "order", "order": {…}}`` or ``{"event": "rating", "rating": {…}}``."""

    event: Literal["order", "rating"]
    order: WebhookOrder | None = None
    rating: RatingFields | None = None

    @model_validator(mode="after")
    def _names_its_event(self) -> "WebhookIn":
        if getattr(self, self.event) is None:
            raise ValueError(f"a {self.event} event needs its {self.event!r} object")
        return self


class WebhookOut(Schema):
    delivery_id: str
    replayed: bool = Field(..., description="True when this delivery id was processed before; nothing was done again")
    result: dict[str, Any]
