"""Thin Huey wrappers around customer-service services (scheduled rules)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .services import conversation_close_resolved_expired, conversation_reassign_unanswered, queue_drain


# --- assignment (svc-assign) ---
@db_periodic_task(crontab(minute="*"))
def service_assignment_every_minute() -> int:
    """Move conversations their agent left unanswered, then give waiting ones to free agents (this
    is also what routes the night's queue when a store opens). Returns how many moved or were given."""
    return conversation_reassign_unanswered() + queue_drain()


@db_periodic_task(crontab(minute="*/10"))
def service_close_resolved_every_10_minutes() -> int:
    """Close conversations resolved longer ago than their store's auto-close hours."""
    return conversation_close_resolved_expired()


# --- end assignment ---
