"""API of store ratings (评价): list, create or update by rating number, import a rating file.

Ratings arrive from the platforms; nobody edits them by hand. Creating a rating that exists
(same store and rating number) updates it, so a client may send the same rating again safely.
"""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from zhanggui.core.actors import Actor
from zhanggui.core.api import ApiRouter, Id, PageNumber, api_permission
from zhanggui.core.api_routes import SKIP_INVALID, ImportJobOut
from zhanggui.core.exceptions import ValidationFailed
from zhanggui.stores.models import Store
from zhanggui.stores.selectors import store_list

from .. import selectors
from ..imports import ratings as rating_imports
from ..services import store_rating_upsert
from .schemas.ratings import RatingFilters, RatingIn, RatingOut

router = ApiRouter(tags=["ratings"])


def referenced_store(user: Actor, store_id: int) -> Store:
    """A store named in a request; one outside the caller's stores is a field error."""
    store = store_list(user=user).filter(pk=store_id).first()
    if store is None:
        raise ValidationFailed.for_field("store_id", _("No such store."))
    return store


@router.get("", response=list[RatingOut], summary="List store ratings")
@api_permission("ratings.view")
@paginate(PageNumber)
def rating_list(request: HttpRequest, filters: Query[RatingFilters]) -> Any:
    """Ratings of your stores, newest first; ``rating_max=2`` lists the low ratings."""
    return selectors.rating_list(user=request.auth, filters=filters.model_dump(exclude_none=True))


@router.post("", response={200: RatingOut, 201: RatingOut}, summary="Create or update a store rating")
@api_permission("ratings.import")
def rating_upsert(request: HttpRequest, data: RatingIn) -> Any:
    """Answers 201 when the rating is new, 200 when it existed (updated, or unchanged if identical).
    A given ``platform_order_id`` links the order of that number in the store once it is known."""
    store = referenced_store(request.auth, data.store_id)
    rating, outcome = store_rating_upsert(by=request.auth, store=store, data=data.as_data())
    rating = selectors.rating_get(user=request.auth, rating_id=rating.pk)
    return Status(201 if outcome == "created" else 200, rating)


@router.post("/imports", response={202: ImportJobOut}, summary="Upload a rating file to be checked")
@api_permission("ratings.import")
def rating_import_upload(request: HttpRequest, store_id: Form[Id], file: File[UploadedFile]) -> Any:
    """Store the file (XLSX or CSV with 评价编号, 订单编号, 买家, 评分, 评价内容, 宝贝, 评价时间) for the
    store and check it in the background: 202 with the job in ``checking``. Poll it until it is
    ``previewed``, then confirm it. Nothing is imported before the confirm."""
    store = referenced_store(request.auth, store_id)
    job = rating_imports.rating_import_preview(by=request.auth, store=store, upload=file, name=file.name or "")
    return Status(202, job)


@router.get("/imports", response=list[ImportJobOut], summary="List my rating imports")
@api_permission("ratings.import")
@paginate(PageNumber)
def rating_import_list(request: HttpRequest) -> Any:
    return rating_imports.rating_import_list(user=request.auth)


@router.get("/imports/{int:job_id}", response=ImportJobOut, summary="A rating import's status, progress and errors")
@api_permission("ratings.import")
def rating_import_detail(request: HttpRequest, job_id: Id) -> Any:
    """Errors are ``{row, field, message}`` with the file's row number (the header is row 1)."""
    return rating_imports.rating_import_get(user=request.auth, job_id=job_id)


@router.post("/imports/{int:job_id}/confirm", response=ImportJobOut, summary="Confirm a previewed rating import")
@api_permission("ratings.import")
def rating_import_confirm(request: HttpRequest, job_id: Id, skip_invalid: bool = SKIP_INVALID) -> Any:
    """Queue the import; confirming again imports nothing more. A job still checking is 409, one with
    errors 422 unless ``skip_invalid=true``: then the valid ratings are imported and the invalid rows
    left out, downloadable with their errors at ``GET /api/v1/core/imports/{job_id}/rejects``."""
    return rating_imports.rating_import_confirm(by=request.auth, job_id=job_id, skip_invalid=skip_invalid)


@router.post(
    "/imports/{int:job_id}/retry", response=ImportJobOut, summary="Run a failed or interrupted rating import again"
)
@api_permission("ratings.import")
def rating_import_retry(request: HttpRequest, job_id: Id) -> Any:
    return rating_imports.rating_import_retry(by=request.auth, job_id=job_id)
