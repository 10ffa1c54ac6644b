"""Schemas of the anomalies API (异常) (no ``from __future__``: ninja reads the annotations)."""

from typing import Literal

from ninja import Field, Schema

from zhanggui.core.api import Id

AnomalyCode = Literal["address_changed_after_payment", "manual_price_change", "stuck_shipment"]


class AnomalyFilters(Schema):
    """Narrow the list; without ``code`` every order with any anomaly is listed."""

    code: AnomalyCode | None = Field(None, description="Only orders carrying this anomaly.")
    store: Id | None = None


class ResolveIn(Schema):
    remark: str = Field(min_length=1, max_length=500, description="What was checked or done; kept in the audit log.")
