"""Store reviews (评价) coming in from a platform (API, webhook, review file): create, or update by review number.

Idempotent by (store, platform review id): the same review twice changes nothing and writes no
audit row. A review naming an order number is linked to that order of the store once the order
is known; a review may arrive before its order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Literal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhanggui.core.audit import audit_record, changed, snapshot
from zhanggui.core.exceptions import FieldError, ValidationFailed
from zhanggui.core.inputs import text
from zhanggui.core.permissions import require_perm, require_store_access
from zhanggui.stores.models import Store

from ..models import Order, StoreReview

Outcome = Literal["created", "updated", "unchanged"]
TEXT_MAX_LENGTH = 2000  # the platforms cap a review at 500 characters; follow-up comments add more
# What an update may change; the review number and store identify it.
REVIEW_FIELDS = ["order", "buyer_nickname", "rating", "text", "product_title", "reviewed_at"]


@dataclass(frozen=True)
class ReviewData:
    """A review as a platform reports it (parsed from a file, an API body or a webhook)."""

    platform_review_id: str
    rating: int
    reviewed_at: dt.datetime | None  # checked: a review without its time is refused
    platform_order_id: str = ""
    buyer_nickname: str = ""
    text: str = ""
    product_title: str = ""


@dataclass(frozen=True)
class CleanReview:
    """A review whose every field passed the checks."""

    platform_review_id: str
    platform_order_id: str
    rating: int
    reviewed_at: dt.datetime
    buyer_nickname: str
    text: str
    product_title: str


def _rating(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
        raise ValidationFailed.for_field("rating", _("Enter a rating from 1 to 5."))
    return value


def _reviewed_at(value: Any) -> dt.datetime:
    if not isinstance(value, dt.datetime) or timezone.is_naive(value):
        raise ValidationFailed.for_field("reviewed_at", _("Enter the date and time of the review."))
    if value > timezone.now() + dt.timedelta(days=1):
        raise ValidationFailed.for_field("reviewed_at", _("The review time is in the future."))
    return value.astimezone(dt.UTC)  # as the database gives it back, so comparing for changes works


def review_clean(data: ReviewData) -> CleanReview:
    """Check every field of ``data``; raises one ValidationFailed naming every bad field."""
    checks: dict[str, Callable[[], Any]] = {
        "platform_review_id": lambda: text(data.platform_review_id, "platform_review_id", max_length=40),
        "platform_order_id": lambda: text(data.platform_order_id, "platform_order_id", required=False, max_length=40),
        "rating": lambda: _rating(data.rating),
        "reviewed_at": lambda: _reviewed_at(data.reviewed_at),
        "buyer_nickname": lambda: text(data.buyer_nickname, "buyer_nickname", required=False, max_length=80),
        "text": lambda: text(data.text, "text", required=False, max_length=TEXT_MAX_LENGTH),
        "product_title": lambda: text(data.product_title, "product_title", required=False, max_length=200),
    }
    values: dict[str, Any] = {}
    errors: list[FieldError] = []
    for name, check in checks.items():
        try:
            values[name] = check()
        except ValidationFailed as exc:
            errors.extend(exc.errors)
    if errors:
        raise ValidationFailed(errors=errors)
    return CleanReview(**values)


def _orders_by_number(store: Store, numbers: Iterable[str]) -> dict[str, Order]:
    wanted = {number for number in numbers if number}
    if not wanted:
        return {}
    return {o.platform_order_id: o for o in Order.objects.filter(store=store, platform_order_id__in=wanted)}


def _write(
    store: Store, review: CleanReview, order: Order | None
) -> tuple[StoreReview, Outcome, dict[str, Any], dict[str, Any]]:
    """Create or update one review; returns it, the outcome and the changed fields (before, after)."""
    values = {
        # A known link stays when the platform stops naming the order (or the order is not imported yet).
        "buyer_nickname": review.buyer_nickname,
        "rating": review.rating,
        "text": review.text,
        "product_title": review.product_title,
        "reviewed_at": review.reviewed_at,
    }
    found = StoreReview.objects.select_for_update().filter(store=store, platform_review_id=review.platform_review_id)
    existing = found.first()
    if existing is None:
        try:
            with transaction.atomic():
                created = StoreReview.objects.create(
                    store=store, platform_review_id=review.platform_review_id, order=order, **values
                )
            return created, "created", {}, snapshot(created, ["platform_review_id", *REVIEW_FIELDS])
        except IntegrityError:  # the same review sent twice at once: the other call created it
            existing = found.get()
    before = snapshot(existing, REVIEW_FIELDS)
    for name, value in values.items():
        setattr(existing, name, value)
    if order is not None:
        existing.order = order
    before, after = changed(before, snapshot(existing, REVIEW_FIELDS))
    if not after:
        return existing, "unchanged", {}, {}
    existing.save(update_fields=list(after))
    return existing, "updated", before, after


def _authorise(by: Any, store: Store) -> None:
    if by is not None:  # None: the platform itself, through a signed webhook
        require_perm(by, "reviews.import")
        require_store_access(by, store.pk)


@transaction.atomic
def store_review_upsert(*, by: Any, store: Store, data: ReviewData) -> tuple[StoreReview, Outcome]:
    """Create the review ``data`` describes, or bring it up to date; ``by`` None is the platform."""
    _authorise(by, store)
    review = review_clean(data)
    order = _orders_by_number(store, [review.platform_order_id]).get(review.platform_order_id)
    saved, outcome, before, after = _write(store, review, order)
    if outcome != "unchanged":
        action = "orders.review.create" if outcome == "created" else "orders.review.update"
        audit_record(actor=by, action=action, obj=saved, before=before or None, after=after)
    return saved, outcome


@transaction.atomic
def store_review_batch_upsert(*, by: Any, store: Store, reviews: list[CleanReview]) -> dict[str, int]:
    """Write checked reviews of one store (a review file); returns how many were created, updated, unchanged.

    Writes no audit row of its own: the review import runs it inside its job's transaction and
    audits the whole file once, with these counts.
    """
    _authorise(by, store)
    orders = _orders_by_number(store, (r.platform_order_id for r in reviews))
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    for review in reviews:
        _saved, outcome, _before, _after = _write(store, review, orders.get(review.platform_order_id))
        counts[outcome] += 1
    return counts
