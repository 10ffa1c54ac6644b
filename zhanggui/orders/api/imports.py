"""API of the order imports, mounted at ``/api/v1/orders/imports``.

Upload an export (multipart) for one store: ``format`` ``taobao`` takes the order file as ``file``
and the line file as ``companion_file``; ``jd`` one file; ``generic`` one file read through the
store's saved column mapping (``GET``/``PUT mappings/{store_id}``). The answer is the job,
``checking`` while its rows are checked in the background; poll it until it is ``previewed`` (its
error report), then confirm it (confirming twice imports once) and poll it for progress and the
result. Importing the same file again changes nothing; a newer status moves an order forward.
"""

from typing import Any, Literal

from django.http import HttpRequest
from ninja import File, Form, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from zhanggui.core.api import ApiRouter, Id, PageNumber, api_permission
from zhanggui.core.api_routes import SKIP_INVALID
from zhanggui.stores.selectors import store_get

from .. import imports
from .schemas.imports import MappingIn, MappingOut, OrderImportJobOut

router = ApiRouter(tags=["order imports"])


def _mapping(store_id: int, columns: dict[str, str]) -> dict[str, Any]:
    fields = [
        {"key": key, "label": str(label), "required": required, "header": columns.get(key, "")}
        for key, (label, required) in imports.GENERIC_FIELDS.items()
    ]
    return {"store_id": store_id, "saved": bool(columns), "fields": fields}


@router.post("", response={202: OrderImportJobOut}, summary="Upload an order export to be checked")
@api_permission("orders.import")
def order_import_upload(
    request: HttpRequest,
    store_id: Form[Id],
    format: Form[Literal["taobao", "jd", "generic"]],
    file: File[UploadedFile],
    companion_file: File[UploadedFile | None] = None,
) -> Any:
    """Store the file(s) (XLSX or CSV, UTF-8 or GBK) for the store and check them in the
    background: 202 with the job in ``checking``. A file of the wrong type, a missing line file
    (``taobao``) or a store without a saved mapping (``generic``) is refused at once (422).
    Nothing is imported before the confirm."""
    store = store_get(user=request.auth, store_id=store_id)
    return Status(
        202,
        imports.order_import_upload(
            by=request.auth,
            store=store,
            file_format=format,
            upload=file,
            name=file.name or "",
            companion=companion_file,
            companion_name=(companion_file.name or "") if companion_file is not None else "",
        ),
    )


@router.get("", response=list[OrderImportJobOut], summary="List my order imports")
@api_permission("orders.import")
@paginate(PageNumber)
def order_import_list(request: HttpRequest) -> Any:
    """Newest first; only imports of the stores you work in."""
    return imports.order_import_list(user=request.auth)


@router.get("/{int:job_id}", response=OrderImportJobOut, summary="An order import's status, progress and errors")
@api_permission("orders.import")
def order_import_detail(request: HttpRequest, job_id: Id) -> Any:
    """Once ``previewed``, the job holds the row count and every problem as ``{file, row, field,
    message}``: ``row`` is the file's row number (the header is row 1), ``field`` the column
    header, ``file`` the file of a Taobao pair; row 0 and field ``file`` when a file as a whole
    cannot be read. When ``done``, ``result`` counts orders created, updated and unchanged."""
    return imports.order_import_get(user=request.auth, job_id=job_id)


@router.post("/{int:job_id}/confirm", response=OrderImportJobOut, summary="Confirm a previewed order import")
@api_permission("orders.import")
def order_import_confirm(request: HttpRequest, job_id: Id, skip_invalid: bool = SKIP_INVALID) -> Any:
    """Queue the import. Confirming again returns the same job and imports nothing more; a job
    still ``checking`` is refused (409), one with errors too (422) unless ``skip_invalid=true``:
    then the valid orders are imported and an order with any invalid line is left out whole (in
    both files of a Taobao pair; the preview's ``invalid_rows`` counts the rows); the rows left
    out, with their errors, are at ``GET /api/v1/core/imports/{job_id}/rejects`` (``?file=companion``
    for the line file)."""
    return imports.order_import_confirm(by=request.auth, job_id=job_id, skip_invalid=skip_invalid)


@router.post(
    "/{int:job_id}/retry", response=OrderImportJobOut, summary="Run a failed or interrupted order import again"
)
@api_permission("orders.import")
def order_import_retry(request: HttpRequest, job_id: Id) -> Any:
    """A job whose check never finished is checked again (then waits for a confirm); else it is
    run again, with exactly the result of a clean run."""
    return imports.order_import_retry(by=request.auth, job_id=job_id)


@router.get("/mappings/{int:store_id}", response=MappingOut, summary="A store's column mapping for generic files")
@api_permission("orders.import")
def order_import_mapping_get(request: HttpRequest, store_id: Id) -> Any:
    """Every field a generic order file may hold, whether it is required, and the header mapped to it."""
    store = store_get(user=request.auth, store_id=store_id)
    return _mapping(store.pk, imports.order_import_mapping_get(user=request.auth, store=store))


@router.put("/mappings/{int:store_id}", response=MappingOut, summary="Save a store's column mapping for generic files")
@api_permission("orders.import")
def order_import_mapping_put(request: HttpRequest, store_id: Id, data: MappingIn) -> Any:
    """Replace the mapping; later generic files of the store are read with it. Every problem is
    reported at once (422): an unknown field, a required field without a header, one header
    mapped twice."""
    store = store_get(user=request.auth, store_id=store_id)
    mapping = imports.order_import_mapping_save(by=request.auth, store=store, columns=data.columns)
    return _mapping(store.pk, dict(mapping.columns))
