"""API of the product import and export, mounted at ``/api/v1/catalog/imports``.

Upload a file (multipart) to get its preview; confirm it to import (confirming twice imports
once); poll the job for progress and the result. ``GET export`` returns the SKU list in the same
layout, so an export can be edited and imported again.
"""

from typing import Any, Literal

from django.http import HttpRequest
from ninja import File, Query, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from zhanggui.core.api import ApiRouter, PageNumber, api_permission
from zhanggui.core.api_routes import ImportJobOut

from . import imports

router = ApiRouter(tags=["catalog imports"])


class ExportFilters(Schema):
    format: Literal["xlsx", "csv"] = "xlsx"
    q: str | None = None
    category: int | None = None
    store: int | None = None
    status: Literal["online", "offline"] | None = None


@router.post("", response={201: ImportJobOut}, summary="Upload a product file and get its preview")
@api_permission("catalog.import")
def product_import_upload(request: HttpRequest, file: File[UploadedFile]) -> Any:
    """Check the file (XLSX or CSV, one row per SKU); nothing is imported until it is confirmed.

    The answer holds the row count and every problem found as ``{row, field, message}``, where
    ``row`` is the file's row number (the header is row 1) and ``field`` the column header.
    """
    return Status(201, imports.product_import_preview(by=request.auth, upload=file, name=file.name or ""))


@router.get("", response=list[ImportJobOut], summary="List my product imports")
@api_permission("catalog.import")
@paginate(PageNumber)
def product_import_list(request: HttpRequest) -> Any:
    return imports.product_import_list(user=request.auth)


@router.get("/export", summary="Export SKUs as a product file (XLSX or CSV)")
@api_permission("catalog.export")
def product_export(request: HttpRequest, filters: Query[ExportFilters]) -> Any:
    """The SKUs you may see, filtered like the SKU list, in the import file's layout."""
    values = filters.model_dump(exclude_none=True)
    file_format = values.pop("format")
    return imports.product_export(by=request.auth, filters=values, file_format=file_format)


@router.get("/{int:job_id}", response=ImportJobOut, summary="A product import's status, progress and errors")
@api_permission("catalog.import")
def product_import_detail(request: HttpRequest, job_id: int) -> Any:
    return imports.product_import_get(user=request.auth, job_id=job_id)


@router.post("/{int:job_id}/confirm", response=ImportJobOut, summary="Confirm a previewed product import")
@api_permission("catalog.import")
def product_import_confirm(request: HttpRequest, job_id: int) -> Any:
    """Queue the import. Confirming again returns the same job and imports nothing more."""
    return imports.product_import_confirm(by=request.auth, job_id=job_id)


@router.post("/{int:job_id}/retry", response=ImportJobOut, summary="Run a failed or interrupted import again")
@api_permission("catalog.import")
def product_import_retry(request: HttpRequest, job_id: int) -> Any:
    return imports.product_import_retry(by=request.auth, job_id=job_id)
