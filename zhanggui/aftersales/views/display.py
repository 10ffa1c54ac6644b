"""How the after-sales console shows statuses and the time left on a case's current step."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext, ngettext

from ..states import CaseStatus

S = CaseStatus

# Tabler colour of each status badge: waiting on the shop warm, waiting on others blue, done green.
STATUS_COLOURS: dict[str, str] = {
    S.REQUESTED: "orange",
    S.REVIEWING: "yellow",
    S.APPROVED: "azure",
    S.REJECTED: "red",
    S.AWAITING_RETURN: "blue",
    S.RECEIVED: "cyan",
    S.INSPECTED: "purple",
    S.REFUNDED: "green",
    S.EXCHANGED: "green",
    S.REPAIRED: "green",
    S.REISSUED: "green",
    S.CLOSED: "secondary",
}


@dataclass(frozen=True)
class Countdown:
    """The time left until a step falls due ("5 hours left"), or past it ("2 hours overdue")."""

    text: str
    overdue: bool


def _amount(delta: dt.timedelta) -> str:
    minutes = max(int(delta.total_seconds() // 60), 1)
    if minutes < 60:
        return ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes}
    hours = minutes // 60
    if hours < 48:
        return ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours}
    days = hours // 24
    return ngettext("%(n)d day", "%(n)d days", days) % {"n": days}


def countdown(due_at: dt.datetime | None, now: dt.datetime | None = None) -> Countdown | None:
    """The countdown of a step due at ``due_at`` (None: nothing is awaited from the shop)."""
    if due_at is None:
        return None
    now = now or timezone.now()
    if due_at >= now:
        return Countdown(gettext("%(time)s left") % {"time": _amount(due_at - now)}, False)
    return Countdown(gettext("%(time)s overdue") % {"time": _amount(now - due_at)}, True)
