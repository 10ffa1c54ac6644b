from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.http import QueryDict
from django.utils.safestring import SafeString

from ..audit import audit_action_label, audit_actor_shown, audit_changes_shown
from ..durations import format_duration
from ..models import AuditEvent
from ..pii import masked
from ..slots import slot_panels
from ..views.tables import format_short_time, format_value

register = template.Library()


@register.filter
def index(sequence: Any, position: int) -> Any:
    return sequence[position]


@register.simple_tag
def sort_query(query: str, key: str, current: str) -> str:
    """The query string that sorts by ``key``, flipping the direction when already sorted by it."""
    params = QueryDict(query, mutable=True)
    params["sort"] = f"-{key}" if current == key else key
    return params.urlencode()


@register.simple_tag
def sort_marker(key: str, current: str) -> SafeString:
    if current == key:
        return SafeString(" ▲")
    if current == f"-{key}":
        return SafeString(" ▼")
    return SafeString("")


@register.filter
def show(value: Any) -> str:
    """A value as the console shows it (dates ``YYYY-MM-DD HH:mm``, money with two places)."""
    return format_value(value)


@register.filter
def show_short(value: Any) -> str:
    """A time as a list shows it, ``MM-DD HH:mm`` (the page gives the full time in a title)."""
    return format_short_time(value) if isinstance(value, dt.datetime) else format_value(value)


@register.filter
def initials(user: Any) -> str:
    """What an avatar shows: a Chinese name's first character (王磊 → 王), else up to two initials
    (Chen Chen → CC); the display name's, the login's only when there is none."""
    words = str(user).replace("（", " ").replace("(", " ").split()
    if not words:
        return "?"
    if not words[0][0].isascii():
        return words[0][0]
    return "".join(word[0] for word in words[:2]).upper()


@register.filter
def duration(amount: int | None, unit: str = "minutes") -> str:
    """``{{ 4320|duration }}`` → 3 天; ``{{ 48|duration:"hours" }}`` → 2 天."""
    return format_duration(amount, unit)


@register.filter
def action_label(action: str) -> str:
    """An audit action as people read it (``orders.order.approve`` → 审核通过订单)."""
    return audit_action_label(action)


@register.filter
def audit_actor(event: AuditEvent) -> str:
    return audit_actor_shown(event)


@register.filter
def audit_changes(event: AuditEvent) -> list[tuple[str, str | None, str]]:
    return audit_changes_shown(event)


@register.filter
def mask(obj: Any, field: str) -> str:
    return masked(obj, field)


@register.simple_tag(takes_context=True)
def page_slot(context: template.Context, slot: str, obj: Any) -> SafeString:
    """What other contexts add to this page at ``slot`` (see ``core.slots``)."""
    return slot_panels(slot, context["request"], obj)
