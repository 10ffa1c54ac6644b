"""API of store reviews (评价): list, create or update by review number, import a review file.

Reviews arrive from the platforms; nobody edits them by hand. Creating a review that exists
(same store and review number) updates it, so a client may send the same review again safely.
"""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate
from pydantic import AwareDatetime

from zhanggui.core.api import ApiRouter, Id, PageNumber, api_permission
from zhanggui.core.api_routes import ImportJobOut
from zhanggui.core.exceptions import ValidationFailed
from zhanggui.core.permissions import scope_to_stores
from zhanggui.stores.models import Store

from ..imports import ratings as imports_reviews
from ..selectors import ratings as selectors_reviews
from ..services.ratings import ReviewData, store_review_upsert

router = ApiRouter(tags=["reviews"])


class ReviewFields(Schema):
    """A review as the platform reports it."""

    platform_review_id: str = Field(..., max_length=40, description="The platform's review number (评价编号)")
    platform_order_id: str = Field("", max_length=40, description="The order reviewed (订单编号), if known")
    buyer_nickname: str = Field("", max_length=80)
    rating: int = Field(..., ge=1, le=5, description="Stars, 1 to 5")
    text: str = Field("", max_length=2000)
    product_title: str = Field("", max_length=200)
    reviewed_at: AwareDatetime

    def as_data(self) -> ReviewData:
        return ReviewData(**self.model_dump(exclude={"store_id"}))


class ReviewIn(ReviewFields):
    store_id: Id


class ReviewOut(Schema):
    id: int
    store_id: int
    store_name: str
    platform_review_id: str
    order_id: int | None
    platform_order_id: str | None
    buyer_nickname: str
    rating: int
    text: str
    product_title: str
    reviewed_at: dt.datetime

    @staticmethod
    def resolve_store_name(obj: Any) -> str:
        return obj.store.name

    @staticmethod
    def resolve_platform_order_id(obj: Any) -> str | None:
        return obj.order.platform_order_id if obj.order_id else None


class ReviewFilters(Schema):
    store: Id | None = None
    rating: int | None = Field(None, ge=1, le=5, description="Exactly this many stars")
    rating_max: int | None = Field(None, ge=1, le=5, description="At most this many stars")
    reviewed_from: dt.date | None = None
    reviewed_to: dt.date | None = None
    keyword: str | None = Field(None, max_length=100)


def referenced_store(user: Any, store_id: int) -> Store:
    """A store named in a request; one outside the caller's stores is a field error."""
    store = scope_to_stores(Store.objects.filter(pk=store_id), user, lookup="pk").first()
    if store is None:
        raise ValidationFailed.for_field("store_id", _("No such store."))
    return store


@router.get("", response=list[ReviewOut], summary="List store reviews")
@api_permission("reviews.view")
@paginate(PageNumber)
def review_list(request: HttpRequest, filters: Query[ReviewFilters]) -> Any:
    """Reviews of your stores, newest first; ``rating_max=2`` lists the low ratings."""
    return selectors_reviews.review_list(user=request.auth, filters=filters.model_dump(exclude_none=True))


@router.post("", response={200: ReviewOut, 201: ReviewOut}, summary="Create or update a store review")
@api_permission("reviews.import")
def review_upsert(request: HttpRequest, data: ReviewIn) -> Any:
    """Answers 201 when the review is new, 200 when it existed (updated, or unchanged if identical).
    A given ``platform_order_id`` links the order of that number in the store once it is known."""
    store = referenced_store(request.auth, data.store_id)
    review, outcome = store_review_upsert(by=request.auth, store=store, data=data.as_data())
    review = selectors_reviews.review_get(user=request.auth, review_id=review.pk)
    return Status(201 if outcome == "created" else 200, review)


@router.post("/imports", response={202: ImportJobOut}, summary="Upload a review file to be checked")
@api_permission("reviews.import")
def review_import_upload(request: HttpRequest, store_id: Form[Id], file: File[UploadedFile]) -> Any:
    """Store the file (XLSX or CSV with 评价编号, 订单编号, 买家, 评分, 评价内容, 宝贝, 评价时间) for the
    store and check it in the background: 202 with the job in ``checking``. Poll it until it is
    ``previewed``, then confirm it. Nothing is imported before the confirm."""
    store = referenced_store(request.auth, store_id)
    job = imports_reviews.review_import_preview(by=request.auth, store=store, upload=file, name=file.name or "")
    return Status(202, job)


@router.get("/imports", response=list[ImportJobOut], summary="List my review imports")
@api_permission("reviews.import")
@paginate(PageNumber)
def review_import_list(request: HttpRequest) -> Any:
    return imports_reviews.review_import_list(user=request.auth)


@router.get("/imports/{int:job_id}", response=ImportJobOut, summary="A review import's status, progress and errors")
@api_permission("reviews.import")
def review_import_detail(request: HttpRequest, job_id: Id) -> Any:
    """Errors are ``{row, field, message}`` with the file's row number (the header is row 1)."""
    return imports_reviews.review_import_get(user=request.auth, job_id=job_id)


@router.post("/imports/{int:job_id}/confirm", response=ImportJobOut, summary="Confirm a previewed review import")
@api_permission("reviews.import")
def review_import_confirm(request: HttpRequest, job_id: Id) -> Any:
    """Queue the import; confirming again imports nothing more. A job still checking is 409, one with errors 422."""
    return imports_reviews.review_import_confirm(by=request.auth, job_id=job_id)


@router.post(
    "/imports/{int:job_id}/retry", response=ImportJobOut, summary="Run a failed or interrupted review import again"
)
@api_permission("reviews.import")
def review_import_retry(request: HttpRequest, job_id: Id) -> Any:
    return imports_reviews.review_import_retry(by=request.auth, job_id=job_id)
