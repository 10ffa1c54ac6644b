"""Reporting periods of after-sales statistics: whole calendar days in the display time zone."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone


@dataclass(frozen=True)
class Period:
    """From ``start`` to ``end``, both days included."""

    start: dt.date
    end: dt.date

    @property
    def since(self) -> dt.datetime:
        """The first instant of ``start`` (aware, in the display time zone)."""
        return timezone.make_aware(dt.datetime.combine(self.start, dt.time.min))

    @property
    def until(self) -> dt.datetime:
        """The first instant after ``end``."""
        return timezone.make_aware(dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min))

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @classmethod
    def ending_before(cls, now: dt.datetime, days: int) -> Period:
        """The ``days`` whole days before the day of ``now`` (today is not over yet)."""
        end = timezone.localdate(now) - dt.timedelta(days=1)
        return cls(start=end - dt.timedelta(days=days - 1), end=end)
