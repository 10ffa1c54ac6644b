"""Background work of the order imports: thin wrappers around the job's check and run."""

from __future__ import annotations

from huey.contrib.djhuey import db_task

from zhanggui.core.imports import import_job_check, import_job_run

from .imports import importer_for_job


@db_task()
def order_import_check(job_id: int) -> None:
    """Parse and validate an uploaded order file (or pair) into its preview (queued on commit by the upload)."""
    importer = importer_for_job(job_id)
    if importer is not None:
        import_job_check(job_id=job_id, importer=importer)


@db_task()
def order_import_run(job_id: int) -> None:
    """Validate and write a confirmed order import (queued on commit by the confirm)."""
    importer = importer_for_job(job_id)
    if importer is not None:
        import_job_run(job_id=job_id, importer=importer)
