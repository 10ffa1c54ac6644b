"""Background work of the product import: thin wrappers around the job's check and run."""

from __future__ import annotations

from huey.contrib.djhuey import db_task

from zhanggui.core.imports import import_job_check, import_job_run

from .imports import PRODUCT_IMPORT


@db_task()
def product_import_check(job_id: int) -> None:
    """Parse and validate an uploaded product file into its preview (queued on commit by the upload)."""
    import_job_check(job_id=job_id, importer=PRODUCT_IMPORT)


@db_task()
def product_import_run(job_id: int) -> None:
    """Validate and write a confirmed product import (queued on commit by the confirm)."""
    import_job_run(job_id=job_id, importer=PRODUCT_IMPORT)
