"""Schemas of the order imports API (no ``from __future__``: ninja reads the annotations)."""

from ninja import Field, Schema

from zhanggui.core.api_routes import ImportErrorOut, ImportJobOut


class OrderImportErrorOut(ImportErrorOut):
    file: str = Field("", description="Which file of a pair the row is in (Taobao: order or line file)")


class OrderImportJobOut(ImportJobOut):
    store_id: int | None
    companion_name: str = Field(description="The second file of a pair (Taobao's line file)")
    errors: list[OrderImportErrorOut]  # type: ignore[assignment]


class MappingIn(Schema):
    columns: dict[str, str] = Field(
        description="Our field key → the header of the column holding it in the store's files "
        "(keys: order_no, buyer, status, created, title, price, quantity are required; see GET for all)"
    )


class MappingField(Schema):
    key: str
    label: str
    required: bool
    header: str = Field(description="The header mapped to it, empty when none")


class MappingOut(Schema):
    store_id: int
    saved: bool
    fields: list[MappingField]
