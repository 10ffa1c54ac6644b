"""API of the shared kernel: the audit log, personal-data reveals and import progress."""

import datetime as dt
from typing import Any, Literal

from django.apps import apps
from django.http import Http404, HttpRequest
from ninja import Field, Query, Schema
from ninja.pagination import paginate

from . import policy, selectors
from .api import ApiRouter, Id, IsoDate, PageNumber, api_permission
from .exports import file_response
from .imports import import_job_rejects
from .pii import pii_reveal

router = ApiRouter(tags=["core"])


class AuditEventOut(Schema):
    id: int
    at: dt.datetime
    actor_name: str
    action: str
    object_type: str
    object_id: str
    object_repr: str
    store_id: int | None
    before: Any = None
    after: Any = None
    reason: str
    ip: str | None


class AuditFilters(Schema):
    actor: str | None = None
    action: str | None = None
    object_type: str | None = None
    object_id: str | None = None
    store: Id | None = None
    since: IsoDate | None = None
    until: IsoDate | None = None


@router.get("/audit-events", response=list[AuditEventOut], summary="List audit events")
@api_permission("audit.view")
@paginate(PageNumber)
def audit_event_list(request: HttpRequest, filters: Query[AuditFilters]) -> Any:
    return selectors.audit_event_list(user=request.auth, filters=filters.model_dump(exclude_none=True))


class RevealIn(Schema):
    model: str
    id: Id
    field: str
    reason: str


class RevealOut(Schema):
    value: str


@router.post("/pii/reveal", response=RevealOut, summary="Reveal one masked personal-data field")
@api_permission("pii.reveal")
def pii_reveal_api(request: HttpRequest, data: RevealIn) -> Any:
    try:
        model = apps.get_model(data.model)
    except (LookupError, ValueError) as exc:
        raise Http404 from exc
    obj = model._default_manager.filter(pk=data.id).first()
    if obj is None:
        raise Http404
    return {"value": pii_reveal(by=request.auth, obj=obj, field=data.field, reason=data.reason)}


class ImportErrorOut(Schema):
    row: int
    field: str
    message: str


class ImportJobOut(Schema):
    id: int
    kind: str
    status: str
    original_name: str
    total_rows: int
    processed_rows: int
    progress_percent: int
    error_count: int
    errors: list[ImportErrorOut]
    result: dict[str, Any]
    message: str
    invalid_rows: int = Field(
        description="Rows a confirm with skip_invalid would leave out: the invalid rows and those belonging "
        "with them (an order's other lines, a product's other SKUs); 0 when the file cannot be imported in part"
    )
    skip_invalid: bool = Field(description="The job was confirmed to import its valid rows and skip the rest")


@router.get("/imports/{job_id}", response=ImportJobOut, summary="An import's status, progress and error report")
@api_permission(policy.AUTHENTICATED)
def import_job_detail(request: HttpRequest, job_id: int) -> Any:
    return selectors.import_job_get(user=request.auth, job_id=job_id)


# The confirm operations' choice (one query parameter, documented once for every import).
SKIP_INVALID = Query(
    False,
    description="Import the valid rows of a file with errors and skip the invalid ones (with the rows that "
    "belong with them: an order's other lines, a product's other SKUs); default: a file with errors imports nothing",
)

_BINARY = {"schema": {"type": "string", "format": "binary"}}
_REJECTS_FILE = {
    "description": "The rows left out, in the uploaded format, with an error column, as an attachment",
    "content": {
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": _BINARY,
        "text/csv": _BINARY,
    },
}


class RejectsQuery(Schema):
    file: Literal["first", "companion"] = Field(
        "first", description="companion: the rows left out of a pair's second file (Taobao's line file)"
    )


@router.get(
    "/imports/{job_id}/rejects",
    summary="Download the rows an import skipped, to correct and import again",
    openapi_extra={"responses": {200: _REJECTS_FILE}},
)
@api_permission(policy.AUTHENTICATED)
def import_job_rejects_download(request: HttpRequest, job_id: int, query: Query[RejectsQuery]) -> Any:
    """The rows of one of your imports confirmed with ``skip_invalid`` that were left out, under the
    file's header with one more column naming each row's problems, as CSV or XLSX like the upload.
    Needs the import's own permission; 404 when nothing was skipped. The download is audited."""
    job = selectors.import_job_get(user=request.auth, job_id=job_id)
    return file_response(import_job_rejects(user=request.auth, job=job, companion=query.file == "companion"))
