"""API of the after-sales imports, mounted at ``/api/v1/aftersales/imports``.

Upload a platform's after-sales export (multipart) for one store: ``format`` ``taobao`` (退款管理
导出), ``jd`` (服务单) or ``generic`` (a store's own file, read through ``mapping``: a JSON object of
our field key → the file's header; without it, the store's last generic mapping). The answer is the
job, ``checking`` while its rows are checked in the background; poll it until it is ``previewed``
(its error report), then confirm it and poll it for the result. Importing the same file again
changes nothing; a newer platform status moves a case forward, never back.
"""

import json
from typing import Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Form, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from zhanggui.core.api import ApiRouter, Id, PageNumber, api_permission
from zhanggui.core.api_routes import SKIP_INVALID
from zhanggui.core.exceptions import ValidationFailed
from zhanggui.stores.selectors import store_get

from .. import imports
from .schemas.imports import CaseImportJobOut, MappingOut

router = ApiRouter(tags=["after-sales imports"])
PERMISSION = "aftersales.import"


def _mapping(text: str) -> dict[str, str] | None:
    if not text.strip():
        return None
    try:
        value = json.loads(text)
    except ValueError:
        value = None
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise ValidationFailed.for_field("mapping", _("Send a JSON object of field key → column header."))
    return value


@router.post("", response={202: CaseImportJobOut}, summary="Upload an after-sales export to be checked")
@api_permission(PERMISSION)
def case_import_upload(
    request: HttpRequest,
    store_id: Form[Id],
    format: Form[Literal["taobao", "jd", "generic"]],
    file: File[UploadedFile],
    mapping: Form[str] = "",
) -> Any:
    """Store the file (XLSX or CSV, UTF-8 or GBK) for the store and check it in the background: 202
    with the job in ``checking``. A file of the wrong type, or a ``generic`` file without a mapping
    (given, or saved by an earlier generic import of the store) is refused at once (422). Nothing is
    imported before the confirm."""
    store = store_get(user=request.auth, store_id=store_id)
    job = imports.case_import_upload(
        by=request.auth,
        store=store,
        file_format=format,
        upload=file,
        name=file.name or "",
        mapping=_mapping(mapping),
    )
    return Status(202, job)


@router.get("", response=list[CaseImportJobOut], summary="List my after-sales imports")
@api_permission(PERMISSION)
@paginate(PageNumber)
def case_import_list(request: HttpRequest) -> Any:
    """Newest first; only imports of the stores you work in."""
    return imports.case_import_list(user=request.auth)


@router.get("/{int:job_id}", response=CaseImportJobOut, summary="An after-sales import's status and errors")
@api_permission(PERMISSION)
def case_import_detail(request: HttpRequest, job_id: Id) -> Any:
    """Once ``previewed``, every problem is ``{file, row, field, message}``: the uploaded file, its
    row number (the header is row 1) and the column's header; row 0 and field ``file`` when the file
    as a whole cannot be read. When ``done``, ``result`` counts ``cases_created``, ``cases_updated``,
    ``cases_unchanged`` and ``refunds_issued``."""
    return imports.case_import_get(user=request.auth, job_id=job_id)


@router.post("/{int:job_id}/confirm", response=CaseImportJobOut, summary="Confirm a previewed after-sales import")
@api_permission(PERMISSION)
def case_import_confirm(request: HttpRequest, job_id: Id, skip_invalid: bool = SKIP_INVALID) -> Any:
    """Queue the import; confirming again imports nothing more. A job still checking is 409, one with
    errors 422 unless ``skip_invalid=true``: then the valid rows are imported and each invalid row is
    left out, downloadable with its errors at ``GET /api/v1/core/imports/{job_id}/rejects``."""
    return imports.case_import_confirm(by=request.auth, job_id=job_id, skip_invalid=skip_invalid)


@router.post("/{int:job_id}/retry", response=CaseImportJobOut, summary="Run a failed after-sales import again")
@api_permission(PERMISSION)
def case_import_retry(request: HttpRequest, job_id: Id) -> Any:
    return imports.case_import_retry(by=request.auth, job_id=job_id)


@router.get("/mappings/{int:store_id}", response=MappingOut, summary="A store's column mapping for generic files")
@api_permission(PERMISSION)
def case_import_mapping_get(request: HttpRequest, store_id: Id) -> Any:
    """Every field a generic after-sales file may hold, whether it is required, and the header the
    store's last generic import mapped to it."""
    store = store_get(user=request.auth, store_id=store_id)
    columns = imports.case_import_mapping_last(user=request.auth, store=store)
    fields = [
        {"key": key, "label": str(label), "required": required, "header": columns.get(key, "")}
        for key, (label, required) in imports.GENERIC_FIELDS.items()
    ]
    return {"store_id": store.pk, "saved": bool(columns), "fields": fields}
