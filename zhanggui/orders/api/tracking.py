"""API of the carrier's tracking file (物流轨迹导入): upload, check, confirm, like every import.

Single events arrive through ``POST /api/v1/orders/{order_id}/shipments/{shipment_id}/tracking``;
both go through the same tracking service.
"""

from typing import Any

from django.http import HttpRequest
from ninja import File, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from zhanggui.core.api import ApiRouter, Id, PageNumber, api_permission
from zhanggui.core.api_routes import SKIP_INVALID, ImportJobOut

from ..imports import tracking as tracking_imports

router = ApiRouter(tags=["tracking"])


@router.post("/imports", response={202: ImportJobOut}, summary="Upload a carrier's tracking file to be checked")
@api_permission("orders.ship")
def tracking_import_upload(request: HttpRequest, file: File[UploadedFile]) -> Any:
    """Store the file (XLSX or CSV: 运单号, 时间, 物流状态 and/or 描述, 地点, or the headers carriers
    use for them) and check it in the background: 202 with the job in ``checking``. Poll it until
    it is ``previewed``, then confirm it. Nothing is imported before the confirm; importing the
    same events again adds nothing."""
    job = tracking_imports.tracking_import_preview(by=request.auth, upload=file, name=file.name or "")
    return Status(202, job)


@router.get("/imports", response=list[ImportJobOut], summary="List my tracking imports")
@api_permission("orders.ship")
@paginate(PageNumber)
def tracking_import_list(request: HttpRequest) -> Any:
    return tracking_imports.tracking_import_list(user=request.auth)


@router.get("/imports/{int:job_id}", response=ImportJobOut, summary="A tracking import's status, progress and errors")
@api_permission("orders.ship")
def tracking_import_detail(request: HttpRequest, job_id: Id) -> Any:
    """Errors are ``{row, field, message}`` with the file's row number (the header is row 1) and
    the column's header as the file writes it; the result counts ``events_added``,
    ``events_known``, ``shipments_updated`` and ``orders_delivered``."""
    return tracking_imports.tracking_import_get(user=request.auth, job_id=job_id)


@router.post("/imports/{int:job_id}/confirm", response=ImportJobOut, summary="Confirm a previewed tracking import")
@api_permission("orders.ship")
def tracking_import_confirm(request: HttpRequest, job_id: Id, skip_invalid: bool = SKIP_INVALID) -> Any:
    """Queue the import; confirming again imports nothing more. A job still checking is 409, one with
    errors 422 unless ``skip_invalid=true``: then the valid events are imported and the invalid rows
    left out, downloadable with their errors at ``GET /api/v1/core/imports/{job_id}/rejects``."""
    return tracking_imports.tracking_import_confirm(by=request.auth, job_id=job_id, skip_invalid=skip_invalid)


@router.post(
    "/imports/{int:job_id}/retry", response=ImportJobOut, summary="Run a failed or interrupted tracking import again"
)
@api_permission("orders.ship")
def tracking_import_retry(request: HttpRequest, job_id: Id) -> Any:
    return tracking_imports.tracking_import_retry(by=request.auth, job_id=job_id)
