"""The life of an import job: upload → check → previewed → confirm → run → done (or failed, and again).

Uploading (``import_job_create``) only stores the file, after the checks that need no parsing, and
queues the check. The check (``import_job_check``, a background task) parses and validates every
row and keeps the report on the job: the preview. Confirming (``import_job_confirm``) queues the run
(``import_job_run``, a background task), which validates again and writes everything in ONE
transaction together with the job's ``done`` status and one audit row holding the counts.

Progress is committed between validation chunks, outside any data transaction, so nothing is ever
half-imported: a crash rolls the write back, and a job left ``checking`` or ``running`` (worker
died) or ``failed`` can be started again with exactly the result of a clean run.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import logging
import time
from collections.abc import Collection, Iterator
from contextlib import contextmanager, nullcontext
from functools import partial
from itertools import islice
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files import File
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone, translation
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from ..actors import Actor
from ..audit import audit_record
from ..background import enqueue_on_commit
from ..exceptions import ConflictError, NotFoundError, ServiceError, ValidationFailed
from ..exports import XLSX, ExportFile, workbook_bytes
from ..models import ImportJob, ImportStatus
from ..notifications import staff_notify
from ..permissions import require_perm, require_store_access
from ..uploads import check_upload
from .reading import FILE, read_rows, upload_error
from .skipping import import_validate_skipping, rejects_save
from .validating import Importer, ImportFile, Validation, import_validate

logger = logging.getLogger(__name__)

COMPANION = "companion_file"  # the field of a pair's second file in upload errors
# The names of the generic background tasks (``core.tasks``) that check and run any import job.
IMPORT_CHECK = "imports.check"
IMPORT_RUN = "imports.run"

STALE_AFTER = dt.timedelta(minutes=30)  # a check or run started this long ago may be started again


def _sha256(stream: IO[bytes]) -> str:
    digest = hashlib.sha256()
    stream.seek(0)
    for chunk in iter(partial(stream.read, 1024 * 1024), b""):
        digest.update(chunk)
    stream.seek(0)
    return digest.hexdigest()


# --- upload and check --------------------------------------------------------------------------


def import_job_create(
    *,
    by: Actor,
    importer: Importer,
    stream: IO[bytes],
    name: str,
    store: Any = None,
    options: dict[str, Any] | None = None,
    companion: IO[bytes] | None = None,
    companion_name: str = "",
) -> ImportJob:
    """Store an uploaded file (and the companion file of a pair) as a job in ``checking`` and queue
    its check; writes nothing but the job.

    Here the files are only checked by content and size (type, zip limits), so a wrong file is
    refused on the spot; parsing and validating every row is the background check's work. The job
    is its own record of the upload; the import itself is audited when it is applied.
    """
    require_perm(by, importer.permission)
    if store is not None:
        require_store_access(by, store.pk)
    upload = check_upload(stream)
    if importer.paired and companion is None:
        raise ValidationFailed.for_field(COMPANION, _("Upload the second file too."))
    second = check_companion(companion) if importer.paired and companion is not None else None
    job = ImportJob(
        kind=importer.kind,
        status=ImportStatus.CHECKING,
        original_name=name[:200],
        file_sha256=_sha256(stream),
        created_by_id=by.pk,
        store=store,
        options={**(options or {}), "language": translation.get_language() or settings.LANGUAGE_CODE},
    )
    with transaction.atomic():
        job.file.save(_storage_name(name, upload.kind), _as_file(stream), save=False)
        if second is not None and companion is not None:
            job.companion_name = companion_name[:200]
            job.options["companion_sha256"] = _sha256(companion)
            job.companion_file.save(_storage_name(companion_name, second.kind), _as_file(companion), save=False)
        job.save()
        enqueue_on_commit(IMPORT_CHECK, job.pk)
    return job


def check_companion(stream: IO[bytes]) -> Any:
    """Check the second file of a pair like the first, its errors on the field ``companion_file``."""
    try:
        return check_upload(stream)
    except ValidationFailed as exc:
        raise ValidationFailed.for_field(COMPANION, exc.message) from exc


def _storage_name(name: str, kind: str) -> str:
    try:
        return get_valid_filename(name)
    except SuspiciousFileOperation:  # nothing usable left of the name, e.g. "" or ".."
        return f"import.{kind}"


def _as_file(stream: IO[bytes]) -> File:
    return stream if isinstance(stream, File) else File(stream)


def _is_file_error(exc: ServiceError) -> bool:
    return isinstance(exc, ValidationFailed) and bool(exc.errors) and all(e.field == FILE for e in exc.errors)


def import_job_check(*, job_id: int, importer: Importer) -> ImportJob | None:
    """The background check: parse and validate the stored file, keep the report (the preview).

    Writes nothing but the job; the catalogue is written only by the run, after a confirm. A file
    that cannot be read becomes a preview with one error on row 0 (the file as a whole), field
    ``file``. Running it twice keeps the same report; a job no longer in ``checking`` is left alone.
    """
    claimed = ImportJob.objects.filter(pk=job_id, kind=importer.kind, status=ImportStatus.CHECKING).update(
        started_at=timezone.now(), processed_rows=0, total_rows=0, error_count=0, errors=[], message=""
    )
    if not claimed:
        return None
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    with translation.override(job.options.get("language") or settings.LANGUAGE_CODE):
        try:
            _previewed(job, *_check(job, importer))
        except ServiceError as exc:
            if _is_file_error(exc):
                errors = [{"row": 0, "field": FILE, "message": exc.message}]
                _previewed(job, Validation(total_rows=0, error_count=1, errors=errors))
            else:
                _mark_failed(job, exc.message, ImportStatus.CHECKING)
        except Exception:  # the job says so and can be checked again
            logger.exception("Checking import job %s failed", job_id)
            message = _(
                "Unexpected error while checking the file; nothing was changed. Check it again or ask an administrator."
            )
            _mark_failed(job, message, ImportStatus.CHECKING)
    job.refresh_from_db()
    _tell_owner(job)
    return job


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused (the process's, restored after).

    A check or run allocates a few small objects per row that live until it ends: with the
    collector on, its full passes rescan them again and again, a fifth or more of a large import's
    time. Rows make no reference cycles, so nothing is left waiting for the collector meanwhile.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _validate(
    job: ImportJob, importer: Importer, progress: Any, *, skipping: bool
) -> tuple[Validation, Validation | None]:
    """Check every row of the job's file, and of its companion file if it is a pair; with
    ``skipping``, a file with errors is checked again without the invalid rows and those belonging
    with them (``skipping.import_validate_skipping``): (every row's check, that check or None)."""
    by = job.created_by
    require_perm(by, importer.permission)
    with _open(job) as stream, _open(job, companion=True) if importer.paired else nullcontext() as second:
        files = [ImportFile(stream, check_upload(stream), job.original_name)]
        if second is not None:
            files.append(ImportFile(second, check_companion(second), job.companion_name))
        validation = import_validate(
            importer,
            by=by,
            stream=stream,
            upload=files[0].upload,
            progress=progress,
            job=job,
            name=job.original_name,
            companion=files[1] if second is not None else None,
        )
        if not (skipping and validation.error_count and validation.skippable):
            return validation, None
        return validation, import_validate_skipping(importer, first=validation, by=by, files=files, job=job)


def _check(job: ImportJob, importer: Importer) -> tuple[Validation, int]:
    """The check of every row, and how many rows a skipping import would leave out (0: it cannot)."""
    with collector_paused():
        validation, skipping = _validate(job, importer, partial(_set_check_progress, job.pk), skipping=True)
    invalid = skipping.left_out_rows if skipping is not None and not skipping.error_count else 0
    return validation, invalid


def _set_check_progress(job_id: int, rows: int, share_read: float) -> None:
    # While checking, total_rows is an estimate from the share of the file read so far.
    estimate = max(rows, round(rows / share_read)) if share_read > 0 else rows
    ImportJob.objects.filter(pk=job_id, status=ImportStatus.CHECKING).update(processed_rows=rows, total_rows=estimate)


def _previewed(job: ImportJob, validation: Validation, invalid_rows: int = 0) -> None:
    ImportJob.objects.filter(pk=job.pk, status=ImportStatus.CHECKING).update(
        invalid_rows=invalid_rows,
        status=ImportStatus.PREVIEWED,
        checked_at=timezone.now(),
        total_rows=validation.total_rows,
        processed_rows=validation.total_rows,
        error_count=validation.error_count,
        errors=validation.errors,
    )


# --- reading jobs ------------------------------------------------------------------------------


def _kinds(kind: str | Collection[str]) -> list[str]:
    return [kind] if isinstance(kind, str) else list(kind)


def import_job_get(*, user: Actor, job_id: int, kind: str | Collection[str]) -> ImportJob:
    """One of the user's own import jobs of ``kind`` (or of one of several kinds); anyone else's is missing."""
    job = ImportJob.objects.filter(pk=job_id, created_by_id=user.pk, kind__in=_kinds(kind)).first()
    if job is None:
        raise NotFoundError()
    return job


def import_job_list(*, user: Actor, kind: str | Collection[str]) -> QuerySet[ImportJob]:
    return ImportJob.objects.filter(created_by_id=user.pk, kind__in=_kinds(kind))


def _own(by: Actor, job: ImportJob, importer: Importer) -> None:
    require_perm(by, importer.permission)
    if job.created_by_id != getattr(by, "pk", None) or job.kind != importer.kind:
        raise NotFoundError()


# --- confirm, run again --------------------------------------------------------------------------


def import_job_confirm(*, by: Actor, job: ImportJob, importer: Importer, skip_invalid: bool = False) -> ImportJob:
    """Queue a previewed job once; confirming again is a no-op returning the same job.

    A file with errors imports nothing, unless ``skip_invalid``: then its valid rows are imported
    and the invalid ones (with the rows belonging with them) are left out, as its preview counted
    (``invalid_rows``); the job keeps the choice.
    """
    _own(by, job, importer)
    job.refresh_from_db()
    if job.status == ImportStatus.CHECKING:
        raise ConflictError(_("The file is still being checked; confirm it when the preview is ready."))
    if job.status == ImportStatus.PREVIEWED and job.error_count:
        if not skip_invalid:
            raise ValidationFailed(_("The file has errors; correct them and upload it again."))
        if not 0 < job.invalid_rows < job.total_rows:
            raise ValidationFailed(_("No row of the file can be imported; correct the file and upload it again."))
    confirmable = Q(error_count=0)
    if skip_invalid:
        confirmable |= Q(invalid_rows__gt=0, invalid_rows__lt=F("total_rows"))
    with transaction.atomic():
        # The conditional update is the gate: of two concurrent confirms only one changes the row.
        queued = ImportJob.objects.filter(confirmable, pk=job.pk, status=ImportStatus.PREVIEWED).update(
            status=ImportStatus.QUEUED, skip_invalid=skip_invalid
        )
        if queued:
            enqueue_on_commit(IMPORT_RUN, job.pk)
    job.refresh_from_db()
    return job


def import_job_can_retry(job: ImportJob) -> bool:
    """A failed job, or one left checking or running (its worker died) for a long time, may start again."""
    if job.status == ImportStatus.FAILED:
        return True
    started = job.started_at
    stoppable = (ImportStatus.CHECKING, ImportStatus.RUNNING)
    return job.status in stoppable and started is not None and timezone.now() - started > STALE_AFTER


def import_job_retry(*, by: Actor, job: ImportJob, importer: Importer) -> ImportJob:
    """Start a failed or interrupted job again: its check if that never finished, else its run.

    The run validates again and writes all or nothing; a job whose check never finished is checked
    again, and waits for a confirm like any preview.
    """
    _own(by, job, importer)
    job.refresh_from_db()
    if not import_job_can_retry(job):
        raise ConflictError(_("Only a failed or interrupted import can be run again."))
    check_again = job.checked_at is None
    with transaction.atomic():
        queued = ImportJob.objects.filter(pk=job.pk, status=job.status).update(
            status=ImportStatus.CHECKING if check_again else ImportStatus.QUEUED,
            message="",
            started_at=None,
            finished_at=None,
        )
        if queued:
            enqueue_on_commit(IMPORT_CHECK if check_again else IMPORT_RUN, job.pk)
    job.refresh_from_db()
    return job


def _set_run_progress(job_id: int, rows: int, _share_read: float = 0.0) -> None:
    # Autocommitted, outside the data transaction, so the progress bar can read it.
    ImportJob.objects.filter(pk=job_id).update(processed_rows=rows)


def _mark_failed(job: ImportJob, message: str, status: str, validation: Validation | None = None) -> None:
    changes: dict[str, Any] = {"status": ImportStatus.FAILED, "message": message, "finished_at": timezone.now()}
    if validation is not None:
        changes.update(error_count=validation.error_count, errors=validation.errors, processed_rows=0)
    ImportJob.objects.filter(pk=job.pk, status=status).update(**changes)


def import_job_run(*, job_id: int, importer: Importer) -> ImportJob | None:
    """The background run: claim the job, validate again, write everything in one transaction.

    Safe to call more than once for a job: a done job is left alone, and two overlapping runs
    write once, because the write re-checks the status under a lock on the job row.
    """
    claimed = ImportJob.objects.filter(
        pk=job_id, kind=importer.kind, status__in=(ImportStatus.QUEUED, ImportStatus.RUNNING)
    ).update(status=ImportStatus.RUNNING, started_at=timezone.now(), finished_at=None, processed_rows=0, message="")
    if not claimed:
        return None
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    with translation.override(job.options.get("language") or settings.LANGUAGE_CODE):
        try:
            _run(job, importer)
        except ServiceError as exc:
            _mark_failed(job, exc.message, ImportStatus.RUNNING)
        except Exception:  # any failure rolls the write back; the job says so and can be re-run
            logger.exception("Import job %s failed", job_id)
            message = _("Unexpected error: nothing was changed. Run the import again or ask an administrator.")
            _mark_failed(job, message, ImportStatus.RUNNING)
    job.refresh_from_db()
    _tell_owner(job)
    return job


def _tell_owner(job: ImportJob) -> None:
    """The uploader learns that the check or the run ended (``import.previewed``, ``import.done`` or
    ``import.failed``) on whichever console page they are. The job's state is committed by now."""
    payload = {
        "job": job.pk,
        "import": job.kind,
        "file": job.original_name,
        "status": job.status,
        "errors": job.error_count,
        "message": job.message,
    }
    staff_notify(staff_id=job.created_by_id, kind=f"import.{job.status}", payload=payload)


def _open(job: ImportJob, *, companion: bool = False) -> File:
    try:
        if companion and not job.companion_file:
            raise OSError(job.companion_name)
        return (job.companion_file if companion else job.file).open("rb")
    except OSError as exc:  # removed from storage since the upload
        raise upload_error(_("The uploaded file is no longer stored; upload it again.")) from exc


def _run(job: ImportJob, importer: Importer) -> None:
    with collector_paused():
        _validate_and_write(job, importer)


def _validate_and_write(job: ImportJob, importer: Importer) -> None:
    by = job.created_by
    started = time.perf_counter()
    every_row, skipping = _validate(job, importer, partial(_set_run_progress, job.pk), skipping=job.skip_invalid)
    validation = skipping or every_row
    _set_run_progress(job.pk, validation.total_rows)
    if validation.error_count:
        message = _("The file no longer passes the checks (%(count)s errors); nothing was changed.")
        _mark_failed(job, message % {"count": validation.error_count}, ImportStatus.RUNNING, validation)
        return
    validated = time.perf_counter()
    with transaction.atomic():
        locked = ImportJob.objects.select_for_update().get(pk=job.pk)
        if locked.status != ImportStatus.RUNNING:
            return  # an overlapping run finished it first
        counts = importer.apply(by=by, job=locked, data=validation.data)
        skipped = validation.left_out_rows
        rows: dict[str, int] = {"rows": validation.total_rows}
        if locked.skip_invalid:  # the uploader chose to skip invalid rows: both counts
            rows.update(imported=validation.total_rows - skipped, skipped=skipped)
        audit_record(
            actor=by,
            action=importer.audit_action,
            obj=locked,
            after={
                "file": locked.original_name,
                "sha256": locked.file_sha256,
                **({"companion_file": locked.companion_name} if locked.companion_name else {}),
                **rows,
                **counts,
            },
        )
        fields = ["status", "processed_rows", "finished_at", "result", "message"]
        if skipped:
            rejects_save(locked, validation)
            fields += ["rejects_file", "companion_rejects_file"]
        locked.status = ImportStatus.DONE
        locked.processed_rows = validation.total_rows
        locked.finished_at = timezone.now()
        locked.result = {
            **counts,
            **{key: value for key, value in rows.items() if key != "rows"},
            **({"skipped_by_file": [len(rows_left) for rows_left in validation.left_out]} if skipped else {}),
            "validate_seconds": round(validated - started, 3),
            "write_seconds": round(time.perf_counter() - validated, 3),
        }
        if skipped:
            message = _("Imported %(imported)s rows; %(skipped)s invalid rows were skipped.")
            locked.message = message % {"imported": validation.total_rows - skipped, "skipped": skipped}
        else:
            locked.message = _("Imported %(rows)s rows.") % {"rows": validation.total_rows}
        locked.save(update_fields=fields)


# --- helpers for pages -----------------------------------------------------------------------


def import_job_sample(job: ImportJob, *, limit: int = 10) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header and the first data rows of a job's file, for the preview page (none if it is gone)."""
    try:
        with _open(job) as stream:
            rows = read_rows(stream, check_upload(stream))
            try:
                first = next(rows, None)
                sample = list(islice(rows, limit))
            finally:
                rows.close()
    except ServiceError:
        return [], []
    header = first[1] if first else []
    return header, [(number, (cells + [""] * len(header))[: len(header)]) for number, cells in sample]


def import_template_file(importer: Importer, *, filename: str) -> ExportFile:
    """An empty workbook with the import's headers, to fill in."""
    return ExportFile(
        name=f"{filename}.xlsx", content_type=XLSX, content=workbook_bytes([[c.header for c in importer.columns]])
    )
