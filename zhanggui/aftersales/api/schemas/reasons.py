"""Schemas of the after-sales reasons (no ``from __future__``: ninja reads the annotations)."""

from typing import Any, Literal

from ninja import Field, Schema

from ...models import Responsibility


class ReasonOut(Schema):
    """Why a buyer asks (质量问题, 尺码不合适 …) and who is responsible for it."""

    id: int
    code: str
    name: str
    responsibility: Literal["merchant", "buyer", "carrier"] = Field(
        description="Decides who pays the return postage: merchant, buyer or carrier."
    )
    responsibility_label: str

    @staticmethod
    def resolve_responsibility_label(obj: Any) -> str:
        return str(Responsibility(obj.responsibility).label)
