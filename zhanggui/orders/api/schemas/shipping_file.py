"""Schemas of the shipping file API (批量发货) (no ``from __future__``: ninja reads the annotations)."""

from typing import Literal

from ninja import Field, Schema


class ShippingFileRowOut(Schema):
    """What became of one row of the file."""

    row: int = Field(description="The row number in the file (the header is row 1).")
    order_number: str
    carrier: str = Field(description="The carrier as written in the file.")
    tracking_no: str
    store: str
    outcome: Literal["shipped", "already_shipped", "error"]
    message: str = Field(description="Why the row was not shipped (empty when it was).")
    order_id: int | None = Field(description="The order the row matched, if any.")


class ShippingFileReportOut(Schema):
    """Totals and every row's outcome, in file order."""

    shipped: int
    already_shipped: int
    errors: int
    rows: list[ShippingFileRowOut]
