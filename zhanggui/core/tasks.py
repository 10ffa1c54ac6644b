"""Periodic housekeeping of the shared kernel."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .models import IdempotentRequest

IDEMPOTENCY_KEEP = dt.timedelta(hours=24)


def idempotent_requests_purge(*, older_than: dt.timedelta = IDEMPOTENCY_KEEP) -> int:
    """Forget stored Idempotency-Key answers after a day; clients retry within minutes."""
    deleted, _by_model = IdempotentRequest.objects.filter(created_at__lt=timezone.now() - older_than).delete()
    return deleted


@db_periodic_task(crontab(minute="17", hour="3"))
def idempotent_requests_purge_daily() -> int:
    return idempotent_requests_purge()
