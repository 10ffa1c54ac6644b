"""After-sales imports: requests exported from the platforms, checked into a preview, then synced.

Three formats, one importer each: Taobao/Tmall's refund export (退款管理 导出), JD's service orders
(服务单) and a store's own spreadsheet read through a column mapping. Every row goes through
``case_platform_sync`` (the platform acting): the import is audited once with its counts, and each
case step it takes writes its own audit row. Importing the same file again changes nothing.
"""

from __future__ import annotations

from typing import IO, Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from zhanggui.core.actors import Actor
from zhanggui.core.exceptions import ConflictError, NotFoundError, ServiceError, ValidationFailed
from zhanggui.core.imports import (
    ErrorReport,
    HeaderMap,
    ImportColumn,
    Importer,
    import_job_confirm,
    import_job_create,
    import_job_list,
    import_job_retry,
)
from zhanggui.core.imports.mapping import column_mapping_checked
from zhanggui.core.models import ImportJob
from zhanggui.core.permissions import require_perm, require_store_access, scope_to_stores

from ..models import CaseSource, Refund
from ..services.platform import case_platform_sync
from .formats import GENERIC, GENERIC_FIELDS, GENERIC_REQUIRED, JD, JD_COLUMNS, STATUS_TABLES, TAOBAO, TAOBAO_COLUMNS
from .validation import CaseBatch, CaseRowValidator

PERMISSION = "aftersales.import"


class CaseImporter(Importer):
    """After-sales requests of one store from a platform's export; each row stands alone."""

    permission = PERMISSION
    audit_action = "aftersales.import"
    file_format = ""

    def validator(
        self, *, by: Actor, header: HeaderMap, report: ErrorReport, job: ImportJob | None
    ) -> CaseRowValidator:
        assert job is not None and job.store_id is not None, "an after-sales import belongs to a store"
        return CaseRowValidator(store=job.store, statuses=STATUS_TABLES[self.file_format], header=header, report=report)

    def apply(self, *, by: Actor, job: ImportJob, data: CaseBatch) -> dict[str, Any]:
        counts = {"cases_created": 0, "cases_updated": 0, "cases_unchanged": 0}
        refunds_before = Refund.objects.filter(store_id=data.store_id).count()
        for row in data.rows:
            try:
                _case, outcome = case_platform_sync(by=None, order=row.order, data=row.data, source=CaseSource.IMPORT)
            except ServiceError as exc:  # the whole import rolls back; the job names the row
                message = _("Row %(row)s: %(message)s") % {"row": row.number, "message": exc.message}
                raise ConflictError(message) from exc
            counts[f"cases_{outcome}"] += 1
        counts["refunds_issued"] = Refund.objects.filter(store_id=data.store_id).count() - refunds_before
        return counts


class TaobaoImporter(CaseImporter):
    """Taobao/Tmall seller centre → 退款管理 → 导出: one row per refund (退款编号)."""

    kind = "aftersales.taobao"
    file_format = TAOBAO
    columns = TAOBAO_COLUMNS


class JdImporter(CaseImporter):
    """JD's after-sales service orders (服务单): one row per service order; headers inferred."""

    kind = "aftersales.jd"
    file_format = JD
    columns = JD_COLUMNS


class GenericImporter(CaseImporter):
    """A store's own spreadsheet, read through the column mapping chosen for it."""

    kind = "aftersales.generic"
    file_format = GENERIC

    def layout(self, job: ImportJob | None) -> tuple[ImportColumn, ...]:
        # The mapping as it was at upload, so a preview and its run read the file alike.
        mapping: dict[str, str] = job.options.get("mapping", {}) if job is not None else {}
        return tuple(ImportColumn(key, header, required=key in GENERIC_REQUIRED) for key, header in mapping.items())


IMPORTERS: dict[str, CaseImporter] = {TAOBAO: TaobaoImporter(), JD: JdImporter(), GENERIC: GenericImporter()}
KINDS = tuple(importer.kind for importer in IMPORTERS.values())
BY_KIND = {importer.kind: importer for importer in IMPORTERS.values()}


# --- the generic mapping ------------------------------------------------------------------------


def case_import_mapping_clean(columns: dict[str, str]) -> dict[str, str]:
    """Which header of the file holds each of our fields; every problem is reported at once."""
    return column_mapping_checked(columns, GENERIC_FIELDS)


def case_import_mapping_last(*, user: Actor, store: Any) -> dict[str, str]:
    """The mapping of the store's latest generic after-sales import (by anyone): a store maps its
    columns once, and later files are read the same way unless someone changes it."""
    require_perm(user, PERMISSION)
    require_store_access(user, store.pk)
    job = ImportJob.objects.filter(kind=IMPORTERS[GENERIC].kind, store=store).order_by("-created_at", "-pk").first()
    return dict(job.options.get("mapping", {})) if job is not None else {}


# --- jobs ----------------------------------------------------------------------------------------


def case_import_upload(
    *, by: Actor, store: Any, file_format: str, upload: IO[bytes], name: str, mapping: dict[str, str] | None = None
) -> ImportJob:
    """Keep an uploaded after-sales file of ``store`` as a job whose check (the preview) runs in the
    background; nothing but the job is written. A generic file is read through ``mapping``, or the
    store's last one when none is given; the job keeps a copy of it."""
    require_perm(by, PERMISSION)
    require_store_access(by, store.pk)
    importer = IMPORTERS.get(file_format)
    if importer is None:
        raise ValidationFailed.for_field("format", _("Choose one of the formats offered."))
    options: dict[str, Any] = {"format": file_format}
    if file_format == GENERIC:
        columns = case_import_mapping_clean(mapping) if mapping else case_import_mapping_last(user=by, store=store)
        if not columns:
            raise ValidationFailed.for_field("mapping", _("Map the columns of this store's file first."))
        options["mapping"] = columns
    return import_job_create(by=by, importer=importer, stream=upload, name=name, store=store, options=options)


def case_import_list(*, user: Actor) -> QuerySet[ImportJob]:
    """The user's own after-sales imports, of the stores they still work in, newest first."""
    return scope_to_stores(import_job_list(user=user, kind=KINDS), user).select_related("store")


def case_import_get(*, user: Actor, job_id: int) -> ImportJob:
    job = case_import_list(user=user).filter(pk=job_id).first()
    if job is None:
        raise NotFoundError()
    return job


def case_import_confirm(*, by: Actor, job_id: int, skip_invalid: bool = False) -> ImportJob:
    """Start the import of a previewed file; confirming twice imports once. ``skip_invalid``: import
    the valid rows of a file with errors, each invalid row left out on its own."""
    job = case_import_get(user=by, job_id=job_id)
    return import_job_confirm(by=by, job=job, importer=BY_KIND[job.kind], skip_invalid=skip_invalid)


def case_import_retry(*, by: Actor, job_id: int) -> ImportJob:
    """Start a failed or interrupted check or import again; an import writes everything or nothing."""
    job = case_import_get(user=by, job_id=job_id)
    return import_job_retry(by=by, job=job, importer=BY_KIND[job.kind])
