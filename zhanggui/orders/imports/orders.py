"""Order imports: upload (checked in the background into a preview), confirm, run again; saved column mappings.

Three formats, one importer each: Taobao/Tmall's pair of files (orders and lines), JD's export, and
a generic spreadsheet read through the store's saved column mapping (``ImportMapping``).
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import nullcontext
from pathlib import Path
from typing import IO, Any

from django.core.files import File
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from zhanggui.core.actors import Actor
from zhanggui.core.audit import audit_record
from zhanggui.core.exceptions import NotFoundError, ValidationFailed
from zhanggui.core.imports import (
    ErrorReport,
    HeaderMap,
    ImportColumn,
    Importer,
    import_job_check,
    import_job_confirm,
    import_job_create,
    import_job_list,
    import_job_retry,
    import_job_run,
)
from zhanggui.core.imports.mapping import column_mapping_checked
from zhanggui.core.imports.reading import read_rows
from zhanggui.core.models import ImportJob, ImportStatus
from zhanggui.core.permissions import require_perm, require_store_access, scope_to_stores
from zhanggui.core.uploads import check_upload

from ..models import ImportMapping
from . import cells
from .formats import (
    GENERIC,
    GENERIC_FIELDS,
    JD,
    JD_COLUMNS,
    STATUS_TABLES,
    TAOBAO,
    TAOBAO_LINE_COLUMNS,
    TAOBAO_ORDER_COLUMNS,
)
from .validation import FlatOrderValidator, OrderBatch, TaobaoValidator
from .writing import order_batch_write

KNOWN_COLUMNS = (*JD_COLUMNS, *TAOBAO_ORDER_COLUMNS, *TAOBAO_LINE_COLUMNS)  # headers to guess a mapping from


class OrderImporter(Importer):
    """Orders of one store from a platform's export; the format decides the layout and status texts."""

    permission = "orders.import"
    audit_action = "orders.import"
    file_format = ""

    def validator(
        self, *, by: Actor, header: HeaderMap, report: ErrorReport, job: ImportJob | None
    ) -> FlatOrderValidator | TaobaoValidator:
        assert job is not None and job.store_id is not None, "an order import belongs to a store"
        statuses = STATUS_TABLES[self.file_format]
        if self.paired:
            return TaobaoValidator(store=job.store, statuses=statuses, header=header, report=report)
        cancellations = self.file_format == GENERIC  # lines of negative quantities
        return FlatOrderValidator(
            store=job.store, statuses=statuses, header=header, report=report, cancellations=cancellations
        )

    def apply(self, *, by: Actor, job: ImportJob, data: OrderBatch) -> dict[str, Any]:
        return order_batch_write(by=by, batch=data)

    def row_group(self, header: HeaderMap, *, companion: bool = False) -> Callable[[list[str]], str]:
        """An order's rows (its lines, in both files of a pair) are skipped together."""
        at = header.index.get("order_no", header.width)
        return lambda row: cells.plain(row[at])


class TaobaoImporter(OrderImporter):
    """Taobao/Tmall seller-centre export: the order file and, as its companion, the line file."""

    kind = "orders.taobao"
    file_format = TAOBAO
    columns = TAOBAO_ORDER_COLUMNS
    companion_columns = TAOBAO_LINE_COLUMNS


class JdImporter(OrderImporter):
    """JD's order export: one row per order line."""

    kind = "orders.jd"
    file_format = JD
    columns = JD_COLUMNS


class GenericImporter(OrderImporter):
    """Any one-row-per-line spreadsheet, read through the column mapping saved for its store."""

    kind = "orders.generic"
    file_format = GENERIC

    def layout(self, job: ImportJob | None) -> tuple[ImportColumn, ...]:
        # The mapping as it was at upload, so a preview and its run read the file alike.
        mapping: dict[str, str] = job.options.get("mapping", {}) if job is not None else {}
        return tuple(ImportColumn(key, header, required=True) for key, header in mapping.items())


IMPORTERS: dict[str, OrderImporter] = {
    TAOBAO: TaobaoImporter(),
    JD: JdImporter(),
    GENERIC: GenericImporter(),
}
KINDS = tuple(importer.kind for importer in IMPORTERS.values())
BY_KIND = {importer.kind: importer for importer in IMPORTERS.values()}


# --- jobs ----------------------------------------------------------------------------------------


def order_import_upload(
    *,
    by: Actor,
    store: Any,
    file_format: str,
    upload: IO[bytes],
    name: str,
    companion: IO[bytes] | None = None,
    companion_name: str = "",
) -> ImportJob:
    """Keep an uploaded order file (Taobao: the order file, ``companion`` the line file) as a job
    whose check (the preview) runs in the background. Nothing but the job is written.

    A generic file needs the store's saved column mapping; the job keeps a copy of it.
    """
    require_perm(by, "orders.import")
    require_store_access(by, store.pk)
    importer = IMPORTERS.get(file_format)
    if importer is None:
        raise ValidationFailed.for_field("format", _("Choose one of the formats offered."))
    options: dict[str, Any] = {"format": file_format}
    if file_format == GENERIC:
        mapping = ImportMapping.objects.filter(store=store).first()
        if mapping is None or not mapping.columns:
            raise ValidationFailed.for_field(
                "format", _("Save this store's column mapping first; later files use it automatically.")
            )
        options["mapping"] = mapping.columns
    return import_job_create(
        by=by,
        importer=importer,
        stream=upload,
        name=name,
        store=store,
        options=options,
        companion=companion,
        companion_name=companion_name,
    )


def order_import_list(*, user: Actor) -> QuerySet[ImportJob]:
    """The user's own order imports, of the stores they still work in, newest first."""
    return scope_to_stores(import_job_list(user=user, kind=KINDS), user).select_related("store")


def order_import_get(*, user: Actor, job_id: int) -> ImportJob:
    job = order_import_list(user=user).filter(pk=job_id).first()
    if job is None:
        raise NotFoundError()
    return job


def order_import_confirm(*, by: Actor, job_id: int, skip_invalid: bool = False) -> ImportJob:
    """Start the import of a previewed file; confirming twice imports once.

    ``skip_invalid``: import the valid orders of a file with errors, leaving out every order with
    an invalid row (all its lines).
    """
    job = order_import_get(user=by, job_id=job_id)
    return import_job_confirm(by=by, job=job, importer=BY_KIND[job.kind], skip_invalid=skip_invalid)


def order_import_retry(*, by: Actor, job_id: int) -> ImportJob:
    """Start a failed or interrupted check or import again; an import writes everything or nothing."""
    job = order_import_get(user=by, job_id=job_id)
    return import_job_retry(by=by, job=job, importer=BY_KIND[job.kind])


def order_import_file(
    *, by: Actor, store: Any, file_format: str, path: str | Path, companion_path: str | Path | None = None
) -> ImportJob:
    """Import a file from disk start to finish in this process: upload, check, confirm, run.

    For scripts and benchmarks; the check and the run are called here (when a queue already ran
    them, these calls find nothing left to do).
    """
    with open(path, "rb") as stream, open(companion_path, "rb") if companion_path else nullcontext() as second:
        job = order_import_upload(
            by=by,
            store=store,
            file_format=file_format,
            upload=File(stream, name=Path(path).name),
            name=Path(path).name,
            companion=File(second, name=Path(companion_path).name) if second and companion_path else None,
            companion_name=Path(companion_path).name if companion_path else "",
        )
    importer = IMPORTERS[file_format]
    import_job_check(job_id=job.pk, importer=importer)
    job = order_import_confirm(by=by, job_id=job.pk)
    if job.status in (ImportStatus.QUEUED, ImportStatus.RUNNING):
        import_job_run(job_id=job.pk, importer=importer)
    job.refresh_from_db()
    return job


# --- the generic mapping ---------------------------------------------------------------------------


def order_file_headers(*, by: Actor, upload: IO[bytes]) -> tuple[list[str], dict[str, str]]:
    """The header row of a sample file, and a guess of the mapping from the headers platforms use.

    Reads the first row only and keeps nothing, so the mapping page can offer the file's headers.
    """
    require_perm(by, "orders.import")
    rows = read_rows(upload, check_upload(upload))
    try:
        first = next(rows, None)
    finally:
        rows.close()
    headers = [cell for cell in (first[1] if first else []) if cell]
    known = {name: column.key for column in KNOWN_COLUMNS for name in column.names() if column.key in GENERIC_FIELDS}
    guess: dict[str, str] = {}
    for header in headers:
        key = known.get(ImportColumn("", header).names()[0])
        if key is not None and key not in guess:
            guess[key] = header
    return headers, guess


def order_import_mapping_get(*, user: Actor, store: Any) -> dict[str, str]:
    """The store's saved mapping (our field key → the header in its files); empty if none is saved."""
    require_perm(user, "orders.import")
    require_store_access(user, store.pk)
    mapping = ImportMapping.objects.filter(store=store).first()
    return dict(mapping.columns) if mapping is not None else {}


@transaction.atomic
def order_import_mapping_save(*, by: Actor, store: Any, columns: dict[str, str]) -> ImportMapping:
    """Save which header of the store's files holds each of our fields; every problem is reported at once."""
    require_perm(by, "orders.import")
    require_store_access(by, store.pk)
    cleaned = column_mapping_checked(columns, GENERIC_FIELDS)
    mapping = ImportMapping.objects.select_for_update().filter(store=store).first()
    before = dict(mapping.columns) if mapping is not None else None
    if mapping is None:
        mapping = ImportMapping(store=store)
    elif before == cleaned:
        return mapping
    mapping.columns, mapping.updated_by, mapping.updated_at = cleaned, by, timezone.now()
    mapping.save()
    audit_record(
        actor=by,
        action="orders.import_mapping.save",
        obj=mapping,
        before=None if before is None else {"columns": before},
        after={"columns": cleaned},
    )
    return mapping
