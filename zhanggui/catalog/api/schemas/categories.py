"""Schemas of the category tree API (no ``from __future__``: ninja reads the annotations)."""

from typing import Any

from ninja import Field, Schema

from zhanggui.core.api import Id

SORT_ORDER_MAX = 2_147_483_647  # the largest value the order column holds on PostgreSQL


class CategoryOut(Schema):
    """A node of the category tree."""

    id: int
    name: str
    parent_id: int | None = Field(description="The parent category; null at the top level.")
    sort_order: int = Field(description="Position among its siblings (lower first).")
    path: list[str] = Field(description="Names from the top level down to this category.")

    @staticmethod
    def resolve_path(obj: Any) -> list[str]:
        return obj.path_names()


class CategoryIn(Schema):
    """A new category."""

    name: str = Field(min_length=1, max_length=60)
    parent_id: Id | None = Field(None, description="Put it under this category; omit for the top level.")
    sort_order: int = Field(0, ge=0, le=SORT_ORDER_MAX)


class CategoryPatch(Schema):
    """Changes to a category; omitted fields stay. ``parent_id: null`` moves it to the top level."""

    name: str | None = Field(None, min_length=1, max_length=60)
    sort_order: int | None = Field(None, ge=0, le=SORT_ORDER_MAX)
    parent_id: Id | None = Field(None, description="Move under this category (never under itself).")
