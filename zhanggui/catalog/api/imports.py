"""API of the product import and export, mounted at ``/api/v1/catalog/imports``.

Upload a file (multipart): the answer is the job, ``checking`` while its rows are checked in the
background; poll it until it is ``previewed`` (its error report), then confirm it to import
(confirming twice imports once) and poll it for progress and the result. ``GET export`` returns the SKU list in the same
layout, so an export can be edited and imported again.
"""

from typing import Any, Literal

from django.http import HttpRequest
from ninja import File, Query, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from zhanggui.core.api import ApiRouter, Id, PageNumber, api_permission
from zhanggui.core.api_routes import SKIP_INVALID, ImportJobOut
from zhanggui.core.exports import file_response

from .. import imports

router = ApiRouter(tags=["catalog imports"])


class ExportFilters(Schema):
    format: Literal["xlsx", "csv"] = "xlsx"
    q: str | None = None
    category: Id | None = None
    store: Id | None = None
    status: Literal["online", "offline"] | None = None


@router.post("", response={202: ImportJobOut}, summary="Upload a product file to be checked")
@api_permission("catalog.import")
def product_import_upload(request: HttpRequest, file: File[UploadedFile]) -> Any:
    """Store the file (XLSX or CSV, one row per SKU) and check it in the background.

    A file of the wrong type or size is refused at once (422 on ``file``). Otherwise the answer is
    202 with the job in ``checking``: ``processed_rows`` counts the rows checked so far and
    ``total_rows`` estimates the file's rows. Nothing is imported until the job is confirmed.
    """
    return Status(202, imports.product_import_preview(by=request.auth, upload=file, name=file.name or ""))


@router.get("", response=list[ImportJobOut], summary="List my product imports")
@api_permission("catalog.import")
@paginate(PageNumber)
def product_import_list(request: HttpRequest) -> Any:
    return imports.product_import_list(user=request.auth)


_BINARY = {"schema": {"type": "string", "format": "binary"}}
_EXPORT_FILE = {
    "description": "The product file, as an attachment",
    "content": {
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": _BINARY,
        "text/csv": _BINARY,
    },
}


@router.get(
    "/export",
    summary="Export SKUs as a product file (XLSX or CSV)",
    openapi_extra={"responses": {200: _EXPORT_FILE}},
)
@api_permission("catalog.export")
def product_export(request: HttpRequest, filters: Query[ExportFilters]) -> Any:
    """The SKUs you may see, filtered like the SKU list, in the import file's layout."""
    values = filters.model_dump(exclude_none=True)
    file_format = values.pop("format")
    return file_response(imports.product_export(by=request.auth, filters=values, file_format=file_format))


@router.get("/{int:job_id}", response=ImportJobOut, summary="A product import's status, progress and errors")
@api_permission("catalog.import")
def product_import_detail(request: HttpRequest, job_id: int) -> Any:
    """Once ``previewed``, the job holds the row count and every problem found as
    ``{row, field, message}``: ``row`` is the file's row number (the header is row 1) and ``field``
    the column header, or row 0 and field ``file`` when the file as a whole cannot be read.
    """
    return imports.product_import_get(user=request.auth, job_id=job_id)


@router.post("/{int:job_id}/confirm", response=ImportJobOut, summary="Confirm a previewed product import")
@api_permission("catalog.import")
def product_import_confirm(request: HttpRequest, job_id: int, skip_invalid: bool = SKIP_INVALID) -> Any:
    """Queue the import. Confirming again returns the same job and imports nothing more; a job
    still ``checking`` is refused (409), one with errors too (422) unless ``skip_invalid=true``:
    then the valid products are imported and each product with an invalid row is left out whole
    (the preview's ``invalid_rows`` counts the rows); the rows left out, with their errors, are
    at ``GET /api/v1/core/imports/{job_id}/rejects``."""
    return imports.product_import_confirm(by=request.auth, job_id=job_id, skip_invalid=skip_invalid)


@router.post("/{int:job_id}/retry", response=ImportJobOut, summary="Run a failed or interrupted import again")
@api_permission("catalog.import")
def product_import_retry(request: HttpRequest, job_id: int) -> Any:
    """A job whose check never finished is checked again (then waits for a confirm); else it is run."""
    return imports.product_import_retry(by=request.auth, job_id=job_id)
