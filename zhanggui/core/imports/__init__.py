"""Reusable machinery for spreadsheet imports: read, map headers, check rows, preview, confirm, run.

An import goes: upload → preview (``import_job_create``: the file is checked by content, stored and
validated; nothing else is written) → confirm (``import_job_confirm``: previewed → queued, once) →
background run (``import_job_run``: validated again, then written in ONE transaction together with
the job's ``done`` status and one audit row holding the counts).

Progress is committed between validation chunks, outside the data transaction, so nothing is ever
half-imported: a crash rolls the write back, and a job left ``running`` (worker died) or ``failed``
can be run again with exactly the result of a clean run. An app declares an ``Importer``: its
columns, its permission, a row validator and a set-based ``apply``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import logging
import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from itertools import islice
from typing import IO, Any, Protocol

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files import File
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from openpyxl import Workbook

from ..audit import audit_record
from ..exceptions import ConflictError, NotFoundError, ServiceError, ValidationFailed
from ..models import ImportJob, ImportStatus
from ..permissions import require_perm, require_store_access
from ..uploads import CheckedUpload, check_upload
from .reading import FILE, read_rows, upload_error

logger = logging.getLogger(__name__)

ERRORS_KEPT = 200  # errors stored on the job (and shown); error_count holds the total
PROGRESS_EVERY = 5000  # rows between progress updates
RUNNING_STALE_AFTER = dt.timedelta(minutes=30)  # a running job this old may be run again


@dataclass(frozen=True)
class ImportColumn:
    """One column of an import file: the header merchants write, and the aliases also accepted."""

    key: str
    header: str
    aliases: tuple[str, ...] = ()
    required: bool = False  # the header row must have it

    def names(self) -> list[str]:
        return [_header_key(n) for n in (self.header, *self.aliases)]


def _header_key(text: str) -> str:
    return "".join(str(text).split()).lower().replace("_", "").lstrip("*")


@dataclass
class HeaderMap:
    """Where each column is in a row; missing columns point at a trailing always-empty cell."""

    index: dict[str, int]
    headers: dict[str, str]  # column key → the header the user sees in the file
    width: int  # rows are padded to width + 1 cells


class ErrorReport:
    """Errors by file row (1-based, the header is row 1) and column, with the header the user sees."""

    def __init__(self, columns: tuple[ImportColumn, ...], headers: dict[str, str]) -> None:
        self._position = {c.key: i for i, c in enumerate(columns)}
        self._headers = {c.key: c.header for c in columns} | headers | {FILE: FILE}
        self._errors: list[tuple[int, int, str, str]] = []

    def add(self, row: int, key: str, message: str) -> None:
        position = self._position.get(key, len(self._position))
        self._errors.append((row, position, self._headers.get(key, key), str(message)))

    def __len__(self) -> int:
        return len(self._errors)

    def as_list(self, limit: int | None = None) -> list[dict[str, Any]]:
        ordered = sorted(self._errors, key=lambda e: (e[0], e[1]))[:limit]
        return [{"row": row, "field": header, "message": message} for row, _pos, header, message in ordered]


class RowValidator(Protocol):
    """Checks rows one by one (``row``), then across rows and against the database (``finish``)."""

    def row(self, number: int, cells: list[str]) -> None: ...

    def finish(self) -> Any:
        """Cross-row checks; returns what the importer's ``apply`` writes (ignored when there are errors)."""


class Importer(ABC):
    """One kind of import (products, orders…): its file layout, permission, checks and write."""

    kind: str = ""
    permission: str = ""
    audit_action: str = ""
    columns: tuple[ImportColumn, ...] = ()

    @abstractmethod
    def validator(self, *, by: Any, header: HeaderMap, report: ErrorReport) -> RowValidator: ...

    @abstractmethod
    def apply(self, *, by: Any, job: ImportJob, data: Any) -> dict[str, Any]:
        """Write the validated rows set-wise; runs inside the job's single transaction. Returns counts."""

    @abstractmethod
    def enqueue(self, job_id: int) -> None:
        """Schedule the background run of ``import_job_run`` for the job."""


# --- header ----------------------------------------------------------------------------------


def map_header(columns: tuple[ImportColumn, ...], cells: list[str], row: int) -> tuple[HeaderMap, ErrorReport]:
    """Find each column by its header or an alias; report missing required and repeated columns."""
    lookup = {name: column for column in columns for name in column.names()}
    index: dict[str, int] = {}
    headers: dict[str, str] = {}
    repeated: list[str] = []
    for position, text in enumerate(cells):
        column = lookup.get(_header_key(text)) if text else None
        if column is None:
            continue
        if column.key in index:
            repeated.append(column.key)
            continue
        index[column.key] = position
        headers[column.key] = text
    width = len(cells)
    report = ErrorReport(columns, headers)
    for column in columns:
        if column.key in repeated:
            report.add(row, column.key, _("This column appears more than once."))
        if column.key not in index:
            index[column.key] = width
            if column.required:
                report.add(row, column.key, _("This column is missing."))
    return HeaderMap(index=index, headers=headers, width=width), report


# --- validating ------------------------------------------------------------------------------


@dataclass
class Validation:
    total_rows: int
    error_count: int
    errors: list[dict[str, Any]] = field(default_factory=list)  # the first ERRORS_KEPT
    data: Any = None  # what ``Importer.apply`` writes; None when there are errors


def import_validate(
    importer: Importer,
    *,
    by: Any,
    stream: IO[bytes],
    upload: CheckedUpload,
    progress: Callable[[int], None] | None = None,
) -> Validation:
    """Parse and check every row; reads the database but writes nothing."""
    rows = read_rows(stream, upload)
    try:
        first = next(rows, None)
        if first is None:
            raise upload_error(_("The file has no rows."))
        header, report = map_header(importer.columns, first[1], first[0])
        if report:
            return Validation(total_rows=sum(1 for _row in rows), error_count=len(report), errors=report.as_list())
        validator = importer.validator(by=by, header=header, report=report)
        check = validator.row
        width = header.width + 1
        total = 0
        for number, cells in rows:
            if len(cells) < width:
                cells.extend([""] * (width - len(cells)))
            check(number, cells)
            total += 1
            if progress is not None and total % PROGRESS_EVERY == 0:
                progress(total)
    finally:
        rows.close()
    if total == 0:
        raise upload_error(_("The file has a header row but no data rows."))
    data = validator.finish()
    errors = len(report)
    return Validation(
        total_rows=total, error_count=errors, errors=report.as_list(ERRORS_KEPT), data=None if errors else data
    )


def _sha256(stream: IO[bytes]) -> str:
    digest = hashlib.sha256()
    stream.seek(0)
    for chunk in iter(partial(stream.read, 1024 * 1024), b""):
        digest.update(chunk)
    stream.seek(0)
    return digest.hexdigest()


# --- the job's life ----------------------------------------------------------------------------


def import_job_create(
    *,
    by: Any,
    importer: Importer,
    stream: IO[bytes],
    name: str,
    store: Any = None,
    options: dict[str, Any] | None = None,
) -> ImportJob:
    """Check, store and validate an uploaded file (the preview); writes nothing but the job.

    Not one transaction on purpose: validating a large file takes seconds, and on SQLite an open
    write transaction would block every other writer meanwhile. Only the job row is written, and the
    job is its own record of the upload; the import itself is audited when it is applied.
    """
    require_perm(by, importer.permission)
    if store is not None:
        require_store_access(by, store.pk)
    upload = check_upload(stream)
    digest = _sha256(stream)
    validation = import_validate(importer, by=by, stream=stream, upload=upload)
    job = ImportJob(
        kind=importer.kind,
        original_name=name[:200],
        file_sha256=digest,
        created_by=by,
        store=store,
        options={**(options or {}), "language": translation.get_language() or settings.LANGUAGE_CODE},
        total_rows=validation.total_rows,
        error_count=validation.error_count,
        errors=validation.errors,
    )
    stream.seek(0)
    with transaction.atomic():
        job.file.save(_storage_name(name, upload.kind), _as_file(stream), save=False)
        job.save()
    return job


def _storage_name(name: str, kind: str) -> str:
    try:
        return get_valid_filename(name)
    except SuspiciousFileOperation:  # nothing usable left of the name, e.g. "" or ".."
        return f"import.{kind}"


def _as_file(stream: IO[bytes]) -> File:
    return stream if isinstance(stream, File) else File(stream)


def import_job_get(*, user: Any, job_id: int, kind: str) -> ImportJob:
    """One of the user's own import jobs of ``kind``; anyone else's is missing."""
    job = ImportJob.objects.filter(pk=job_id, created_by=user, kind=kind).first()
    if job is None:
        raise NotFoundError()
    return job


def import_job_list(*, user: Any, kind: str) -> QuerySet[ImportJob]:
    return ImportJob.objects.filter(created_by=user, kind=kind)


def _own(by: Any, job: ImportJob, importer: Importer) -> None:
    require_perm(by, importer.permission)
    if job.created_by_id != getattr(by, "pk", None) or job.kind != importer.kind:
        raise NotFoundError()


def import_job_confirm(*, by: Any, job: ImportJob, importer: Importer) -> ImportJob:
    """Queue a previewed job once; confirming again is a no-op returning the same job."""
    _own(by, job, importer)
    job.refresh_from_db()
    if job.status == ImportStatus.PREVIEWED and job.error_count:
        raise ValidationFailed(_("The file has errors; correct them and upload it again."))
    with transaction.atomic():
        # The conditional update is the gate: of two concurrent confirms only one changes the row.
        queued = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.PREVIEWED, error_count=0).update(
            status=ImportStatus.QUEUED
        )
        if queued:
            transaction.on_commit(partial(importer.enqueue, job.pk))
    job.refresh_from_db()
    return job


def import_job_can_retry(job: ImportJob) -> bool:
    """A failed job, or one left running (its worker died) for a long time, may be run again."""
    if job.status == ImportStatus.FAILED:
        return True
    started = job.started_at
    return job.status == ImportStatus.RUNNING and started is not None and timezone.now() - started > RUNNING_STALE_AFTER


def import_job_retry(*, by: Any, job: ImportJob, importer: Importer) -> ImportJob:
    """Queue a failed or interrupted job again; the run re-validates and writes all or nothing."""
    _own(by, job, importer)
    job.refresh_from_db()
    if not import_job_can_retry(job):
        raise ConflictError(_("Only a failed or interrupted import can be run again."))
    with transaction.atomic():
        queued = ImportJob.objects.filter(pk=job.pk, status=job.status).update(
            status=ImportStatus.QUEUED, message="", finished_at=None
        )
        if queued:
            transaction.on_commit(partial(importer.enqueue, job.pk))
    job.refresh_from_db()
    return job


def _set_progress(job_id: int, rows: int) -> None:
    # Autocommitted, outside the data transaction, so the progress bar can read it.
    ImportJob.objects.filter(pk=job_id).update(processed_rows=rows)


def _mark_failed(job: ImportJob, message: str, validation: Validation | None = None) -> None:
    changes: dict[str, Any] = {"status": ImportStatus.FAILED, "message": message, "finished_at": timezone.now()}
    if validation is not None:
        changes.update(error_count=validation.error_count, errors=validation.errors, processed_rows=0)
    ImportJob.objects.filter(pk=job.pk, status=ImportStatus.RUNNING).update(**changes)


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
            _mark_failed(job, exc.message)
        except Exception:  # any failure rolls the write back; the job says so and can be re-run
            logger.exception("Import job %s failed", job_id)
            _mark_failed(job, _("Unexpected error: nothing was changed. Run the import again or ask an administrator."))
    job.refresh_from_db()
    return job


def _open(job: ImportJob) -> File:
    try:
        return job.file.open("rb")
    except OSError as exc:  # removed from storage since the upload
        raise upload_error(_("The uploaded file is no longer stored; upload it again.")) from exc


def _run(job: ImportJob, importer: Importer) -> None:
    by = job.created_by
    require_perm(by, importer.permission)
    started = time.perf_counter()
    with _open(job) as stream:
        upload = check_upload(stream)
        validation = import_validate(
            importer, by=by, stream=stream, upload=upload, progress=partial(_set_progress, job.pk)
        )
    _set_progress(job.pk, validation.total_rows)
    if validation.error_count:
        message = _("The file no longer passes the checks (%(count)s errors); nothing was changed.")
        _mark_failed(job, message % {"count": validation.error_count}, validation)
        return
    validated = time.perf_counter()
    with transaction.atomic():
        locked = ImportJob.objects.select_for_update().get(pk=job.pk)
        if locked.status != ImportStatus.RUNNING:
            return  # an overlapping run finished it first
        counts = importer.apply(by=by, job=locked, data=validation.data)
        audit_record(
            actor=by,
            action=importer.audit_action,
            obj=locked,
            after={"file": locked.original_name, "sha256": locked.file_sha256, "rows": validation.total_rows, **counts},
        )
        locked.status = ImportStatus.DONE
        locked.processed_rows = validation.total_rows
        locked.finished_at = timezone.now()
        locked.result = {
            **counts,
            "validate_seconds": round(validated - started, 3),
            "write_seconds": round(time.perf_counter() - validated, 3),
        }
        locked.message = _("Imported %(rows)s rows.") % {"rows": validation.total_rows}
        locked.save(update_fields=["status", "processed_rows", "finished_at", "result", "message"])


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


def import_template_response(importer: Importer, *, filename: str) -> HttpResponse:
    """An empty workbook with the import's headers, to fill in."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append([c.header for c in importer.columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
