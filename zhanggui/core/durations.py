"""Durations as people say them: "3 days", "48 hours", never "4,320 minutes"."""

from __future__ import annotations

from django.utils.translation import gettext, ngettext

MINUTES_PER = {"minutes": 1, "hours": 60, "days": 24 * 60}


def format_duration(amount: int | None, unit: str = "minutes") -> str:
    """``amount`` of ``unit`` in the largest unit that says it exactly: 4320 minutes → "3 days"."""
    if amount is None:
        return "—"
    minutes = int(amount) * MINUTES_PER[unit]
    days, rest = divmod(minutes, MINUTES_PER["days"])
    if minutes and not rest:
        return ngettext("%(count)d day", "%(count)d days", days) % {"count": days}
    hours, rest = divmod(minutes, MINUTES_PER["hours"])
    if minutes and not rest:
        return ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}
    if hours:
        return gettext("%(hours)d h %(minutes)d min") % {"hours": hours, "minutes": rest}
    return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}
