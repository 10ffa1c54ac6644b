"""Schemas of the paperwork and tracking-pool API (打单) (no ``from __future__``: ninja reads the annotations)."""

from typing import Annotated, Literal

from ninja import Field, Schema

from ...constants import CARRIERS
from .orders import BatchErrorOut, BatchIds

CarrierCode = Literal[tuple(CARRIERS)]  # type: ignore[valid-type]
TrackingNumbers = Annotated[
    list[Annotated[str, Field(min_length=1, max_length=40)]],
    Field(min_length=1, max_length=20000, description="Tracking numbers the carrier allocated, one per item."),
]


class PaperworkIn(Schema):
    order_ids: BatchIds


class PrintShipIn(Schema):
    carrier: CarrierCode = Field(description="The carrier whose pool numbers are used.")
    order_ids: BatchIds


class ShippedOut(Schema):
    order_id: int
    tracking_no: str


class PrintShipOut(Schema):
    """The orders shipped with their numbers, why the others were not, and the labels of those shipped."""

    done: list[ShippedOut]
    errors: list[BatchErrorOut]
    labels_pdf: str = Field(description="The labels as a base64-encoded PDF; empty when no order shipped.")


class PoolCountOut(Schema):
    carrier: str
    label: str
    unused: int = Field(description="Numbers still in the pool.")
    used: int = Field(description="Numbers printed on labels of shipped orders.")


class PoolAddIn(Schema):
    carrier: CarrierCode
    numbers: TrackingNumbers


class PoolAddOut(Schema):
    carrier: str
    added: int = Field(description="Numbers new to the pool.")
    existing: int = Field(description="Numbers the pool already held (added again, they change nothing).")
