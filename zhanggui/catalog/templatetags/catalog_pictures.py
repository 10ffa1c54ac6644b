"""Template filters for product pictures: a stored name becomes the URL of the picture or a thumbnail."""

from __future__ import annotations

from typing import Any

from django import template

from zhanggui.core.views.tables import Column

from ..selectors import picture_urls

register = template.Library()


@register.filter
def picture_url(name: str | None, kind: str = "thumbnail_url") -> str:
    """``url`` (the picture), ``thumbnail_url`` (96 px) or ``preview_url`` (320 px); empty without a picture."""
    urls = picture_urls(name)
    return urls[kind] if urls else ""


@register.filter
def cell_value(obj: Any, column: Column) -> Any:
    """The value a column reads from a row (for a cell template that needs it, e.g. a picture's name)."""
    return column.raw(obj)
