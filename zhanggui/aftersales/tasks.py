"""Thin Huey wrappers around after-sales services (scheduled rules, reminders, scans)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .services import case_agree_expired, case_close_resolved_expired, case_remind_due, return_rate_scan


@db_periodic_task(crontab(minute="*/5"))
def aftersales_agree_expired_every_5_minutes() -> int:
    """Agree requests left unanswered past the platform's deadline, as the platform would."""
    return case_agree_expired()


@db_periodic_task(crontab(minute="*/10"))
def aftersales_remind_due_every_10_minutes() -> int:
    """Remind handlers of steps falling due within a few hours, or overdue."""
    return case_remind_due()


@db_periodic_task(crontab(minute="37"))
def aftersales_close_resolved_hourly() -> int:
    """Close cases resolved or refused a week ago."""
    return case_close_resolved_expired()


@db_periodic_task(crontab(minute="20", hour="18"))  # 02:20 in Shanghai, after the day's orders are in
def aftersales_return_rate_scan_daily() -> int:
    """Flag SKUs returned more often than their store's threshold over the last 30 days."""
    return return_rate_scan()
