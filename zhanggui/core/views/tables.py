"""Declarative table columns for list pages and their exports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

from ..exports import ExportColumn
from ..pii import MASKERS


@dataclass(frozen=True)
class Column:
    """One column: how to read the value, sort it, show it and export it."""

    key: str
    label: Any
    value: Callable[[Any], Any] | None = None
    sort: str | None = None  # ORM ordering field; None = not sortable
    numeric: bool = False  # right-aligned
    link: bool = False  # links to obj.get_absolute_url()
    template: str | None = None  # a partial rendering the cell with {{ obj }}
    badge: Callable[[Any], str] | None = None  # Tabler colour of a status tag
    pii: str | None = None  # masked in the list; masked in exports unless allowed
    export: bool = True
    permission: str | None = None  # shown, sorted by and exported only for staff holding it
    # How the cell fits a 1366-pixel screen (cells stay on one line unless told otherwise):
    wrap: bool = False  # long text (a comment, a product name) wraps within a readable width
    truncate: bool = False  # one line cut with "…" at a fixed width; the whole text in its title
    compact: bool = False  # times as "MM-DD HH:mm", the full date and time in the title
    wide_screen: bool = False  # shown from 1400 pixels up: a column a laptop's screen can do without
    extra: dict[str, Any] = field(default_factory=dict)

    def raw(self, obj: Any) -> Any:
        if self.value is not None:
            return self.value(obj)
        value: Any = obj
        for part in self.key.split("__"):
            value = getattr(value, part, None) if value is not None else None
        if callable(value):
            value = value()
        return value

    @property
    def cell_class(self) -> str:
        """The ``<td>``/``<th>`` classes: numbers right-aligned, long text wrapping."""
        return " ".join(
            css
            for css, wanted in (
                ("text-end", self.numeric),
                ("cell-wrap", self.wrap),
                ("d-none d-xxl-table-cell", self.wide_screen),
            )
            if wanted
        )

    def display(self, obj: Any) -> str:
        value = self.raw(obj)
        if self.pii:
            return MASKERS[self.pii](None if value is None else str(value))
        if self.compact and isinstance(value, dt.datetime):
            return format_short_time(value)
        return format_value(value)

    def render(self, obj: Any) -> SafeString:
        if self.template:
            html = SafeString(render_to_string(self.template, {"obj": obj, "column": self}))
        else:
            html = self.render_value(obj)
        if self.truncate or self.compact:
            # The cut or shortened text keeps the whole value a hover away (personal data stays masked).
            title = self.display(obj) if self.pii else format_value(self.raw(obj))
            if self.truncate:
                return format_html('<span class="cell-clip" title="{}">{}</span>', title, html)
            return format_html('<span title="{}">{}</span>', title, html)
        return html

    def render_value(self, obj: Any) -> SafeString:
        text = self.display(obj)
        if self.badge is not None:
            return format_html('<span class="badge bg-{}-lt">{}</span>', self.badge(obj), text)
        if self.link and hasattr(obj, "get_absolute_url"):
            return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), text)
        return format_html("{}", text)

    def as_export(self) -> ExportColumn:
        return ExportColumn(header=str(self.label), value=self.raw, pii=self.pii)


def format_short_time(value: dt.datetime) -> str:
    """``MM-DD HH:mm`` in the display time zone: a list column's time, the year left to the title."""
    return (timezone.localtime(value) if timezone.is_aware(value) else value).strftime("%m-%d %H:%M")


def format_value(value: Any) -> str:
    """Dates as ``YYYY-MM-DD HH:mm`` in the display time zone, money with two places."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "✓" if value else "✗"
    if isinstance(value, dt.datetime):
        return (
            timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
            if timezone.is_aware(value)
            else value.strftime("%Y-%m-%d %H:%M")
        )
    if isinstance(value, dt.date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)
