"""The product import: upload (checked in the background into a preview), confirm, run again."""

from __future__ import annotations

from collections.abc import Callable
from operator import itemgetter
from typing import IO, Any

from django.db.models import QuerySet

from zhanggui.core.actors import Actor
from zhanggui.core.exports import ExportFile
from zhanggui.core.imports import (
    ErrorReport,
    HeaderMap,
    Importer,
    import_job_confirm,
    import_job_create,
    import_job_get,
    import_job_list,
    import_job_retry,
    import_template_file,
)
from zhanggui.core.models import ImportJob

from .columns import COLUMNS
from .validation import ProductRows, ProductRowValidator
from .writing import product_rows_write


class ProductImporter(Importer):
    """Products, SKUs, stock and listings from one row per SKU (商家编码)."""

    kind = "catalog.products"
    permission = "catalog.import"
    audit_action = "catalog.import"
    columns = COLUMNS

    def validator(
        self, *, by: Actor, header: HeaderMap, report: ErrorReport, job: ImportJob | None
    ) -> ProductRowValidator:
        return ProductRowValidator(by=by, header=header, report=report)

    def apply(self, *, by: Actor, job: ImportJob, data: ProductRows) -> dict[str, Any]:
        return product_rows_write(data)

    def row_group(self, header: HeaderMap, *, companion: bool = False) -> Callable[[list[str]], str]:
        """A product's rows (its SKUs, its product-level cells on any of them) are skipped together."""
        return itemgetter(header.index["spu_code"])


PRODUCT_IMPORT = ProductImporter()


def product_import_preview(*, by: Actor, upload: IO[bytes], name: str) -> ImportJob:
    """Keep an uploaded product file as a job whose check (the preview) runs in the background.

    The file's type and size are checked at once; its rows are checked when the transaction
    commits. Nothing but the job is written.
    """
    return import_job_create(by=by, importer=PRODUCT_IMPORT, stream=upload, name=name)


def product_import_get(*, user: Actor, job_id: int) -> ImportJob:
    return import_job_get(user=user, job_id=job_id, kind=PRODUCT_IMPORT.kind)


def product_import_list(*, user: Actor) -> QuerySet[ImportJob]:
    return import_job_list(user=user, kind=PRODUCT_IMPORT.kind)


def product_import_confirm(*, by: Actor, job_id: int, skip_invalid: bool = False) -> ImportJob:
    """Start the import of a previewed file; confirming twice imports once, before the preview is ready not at all.

    ``skip_invalid``: import the valid products of a file with errors, leaving out every product
    with an invalid row (all its rows).
    """
    job = product_import_get(user=by, job_id=job_id)
    return import_job_confirm(by=by, job=job, importer=PRODUCT_IMPORT, skip_invalid=skip_invalid)


def product_import_retry(*, by: Actor, job_id: int) -> ImportJob:
    """Start a failed or interrupted check or import again; an import writes everything or nothing."""
    job = product_import_get(user=by, job_id=job_id)
    return import_job_retry(by=by, job=job, importer=PRODUCT_IMPORT)


def product_import_template() -> ExportFile:
    return import_template_file(PRODUCT_IMPORT, filename="product-import-template")
