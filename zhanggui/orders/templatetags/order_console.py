"""Template filters of the order console: badge colours and the labels of stored codes."""

from __future__ import annotations

from django import template

from ..constants import anomaly_label as label_of
from ..views import display

register = template.Library()


@register.filter
def status_colour(status: str) -> str:
    return display.STATUS_COLOURS.get(status, "secondary")


@register.filter
def flag_colour(flag: str) -> str:
    return display.FLAG_COLOURS.get(flag, "secondary")


@register.filter
def anomaly_label(code: str) -> str:
    return label_of(code)
