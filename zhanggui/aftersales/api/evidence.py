"""After-sales API: evidence photos on a case. Upload (multipart: ``case_id``, ``kind``, ``image``),
list a case's photos, read one photo's file. Mounted at ``/api/v1/aftersales/evidence``.

A photo is judged by its content (JPEG, PNG or WebP within the limits, else 422 on ``image``),
stored privately under a generated name without EXIF, and read only through this API or the console.
"""

from typing import Any

from django.http import FileResponse, HttpRequest
from ninja import File, Form, Status
from ninja.files import UploadedFile

from zhanggui.core.api import ApiRouter, Id, api_permission

from .. import selectors, services
from .schemas.feedback import EvidenceKindCode, EvidenceOut

router = ApiRouter(tags=["after-sales evidence"])


@router.get("/cases/{int:case_id}", response=list[EvidenceOut], summary="List a case's photos")
@api_permission("aftersales.view")
def evidence_list(request: HttpRequest, case_id: Id) -> Any:
    case = selectors.case_get(user=request.auth, case_id=case_id)
    return selectors.evidence_list(user=request.auth, case_id=case.pk)


@router.post("", response={201: EvidenceOut}, summary="Add a photo to a case")
@api_permission("aftersales.create")
def evidence_add(
    request: HttpRequest, case_id: Form[Id], image: File[UploadedFile], kind: Form[EvidenceKindCode] = "buyer"
) -> Any:
    """The buyer's or staff's photos need ``aftersales.create``, inspection photos ``aftersales.handle``;
    a case holds at most 12."""
    case = selectors.case_get(user=request.auth, case_id=case_id)
    return Status(201, services.evidence_add(by=request.auth, case=case, upload=image, kind=kind))


@router.get(
    "/{int:evidence_id}/file",
    url_name="aftersales_evidence_file",
    summary="Read a photo (or its thumbnail)",
    openapi_extra={"responses": {200: {"content": {"image/*": {"schema": {"type": "string", "format": "binary"}}}}}},
)
@api_permission("aftersales.view")
def evidence_file(request: HttpRequest, evidence_id: int, size: str = "") -> Any:
    """``size=thumbnail``: the 240 × 240 px WebP thumbnail."""
    stored = selectors.evidence_file(user=request.auth, evidence_id=evidence_id, thumbnail=size == "thumbnail")
    response = FileResponse(stored.file, content_type=stored.content_type)
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response
