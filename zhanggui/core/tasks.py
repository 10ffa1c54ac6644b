"""Background work of the shared kernel: every app's import jobs, and periodic housekeeping."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from .background import queued_as
from .imports import import_job_check, import_job_run
from .imports.jobs import IMPORT_CHECK, IMPORT_RUN
from .imports.registry import importer_for_kind
from .models import IdempotentRequest, ImportJob

IDEMPOTENCY_KEEP = dt.timedelta(hours=24)


@queued_as(IMPORT_CHECK)
@db_task()
def import_job_check_task(job_id: int) -> None:
    """Parse and validate an uploaded file into its preview (queued on commit by the upload)."""
    importer = _importer_of(job_id)
    if importer is not None:
        import_job_check(job_id=job_id, importer=importer)


@queued_as(IMPORT_RUN)
@db_task()
def import_job_run_task(job_id: int) -> None:
    """Validate and write a confirmed import (queued on commit by the confirm)."""
    importer = _importer_of(job_id)
    if importer is not None:
        import_job_run(job_id=job_id, importer=importer)


def _importer_of(job_id: int) -> Any:
    kind = ImportJob.objects.filter(pk=job_id).values_list("kind", flat=True).first()
    return importer_for_kind(kind) if kind else None


def idempotent_requests_purge(*, older_than: dt.timedelta = IDEMPOTENCY_KEEP) -> int:
    """Forget stored Idempotency-Key answers after a day; clients retry within minutes."""
    deleted, _by_model = IdempotentRequest.objects.filter(created_at__lt=timezone.now() - older_than).delete()
    return deleted


@db_periodic_task(crontab(minute="17", hour="3"))
def idempotent_requests_purge_daily() -> int:
    return idempotent_requests_purge()
