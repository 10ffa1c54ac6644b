"""Store ratings (评价) coming in from a platform (API, webhook, rating file): create, or update by rating number.

Idempotent by (store, platform rating id): the same rating twice changes nothing and writes no
audit row. A rating naming an order number is linked to that order of the store once the order
is known; a rating may arrive before its order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Literal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhanggui.core.actors import Actor
from zhanggui.core.audit import audit_record, changed, snapshot
from zhanggui.core.exceptions import FieldError, ValidationFailed
from zhanggui.core.inputs import text
from zhanggui.core.permissions import require_perm, require_store_access
from zhanggui.stores.models import Store

from ..models import Order, StoreRating

Outcome = Literal["created", "updated", "unchanged"]
TEXT_MAX_LENGTH = 2000  # the platforms cap a rating's comment at 500 characters; follow-up comments add more
# What an update may change; the rating number and store identify it.
RATING_FIELDS = ["order", "buyer_nickname", "rating", "text", "product_title", "rated_at"]


@dataclass(frozen=True)
class RatingData:
    """A rating as a platform reports it (parsed from a file, an API body or a webhook)."""

    platform_rating_id: str
    rating: int
    rated_at: dt.datetime | None  # checked: a rating without its time is refused
    platform_order_id: str = ""
    buyer_nickname: str = ""
    text: str = ""
    product_title: str = ""


@dataclass(frozen=True)
class CleanRating:
    """A rating whose every field passed the checks."""

    platform_rating_id: str
    platform_order_id: str
    rating: int
    rated_at: dt.datetime
    buyer_nickname: str
    text: str
    product_title: str


def _rating(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
        raise ValidationFailed.for_field("rating", _("Enter a rating from 1 to 5."))
    return value


def _rated_at(value: Any) -> dt.datetime:
    if not isinstance(value, dt.datetime) or timezone.is_naive(value):
        raise ValidationFailed.for_field("rated_at", _("Enter the date and time of the rating."))
    if value > timezone.now() + dt.timedelta(days=1):
        raise ValidationFailed.for_field("rated_at", _("The rating time is in the future."))
    return value.astimezone(dt.UTC)  # as the database gives it back, so comparing for changes works


def rating_clean(data: RatingData) -> CleanRating:
    """Check every field of ``data``; raises one ValidationFailed naming every bad field."""
    checks: dict[str, Callable[[], Any]] = {
        "platform_rating_id": lambda: text(data.platform_rating_id, "platform_rating_id", max_length=40),
        "platform_order_id": lambda: text(data.platform_order_id, "platform_order_id", required=False, max_length=40),
        "rating": lambda: _rating(data.rating),
        "rated_at": lambda: _rated_at(data.rated_at),
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
    return CleanRating(**values)


def _orders_by_number(store: Store, numbers: Iterable[str]) -> dict[str, Order]:
    wanted = {number for number in numbers if number}
    if not wanted:
        return {}
    return {o.platform_order_id: o for o in Order.objects.filter(store=store, platform_order_id__in=wanted)}


def _write(
    store: Store, rating: CleanRating, order: Order | None
) -> tuple[StoreRating, Outcome, dict[str, Any], dict[str, Any]]:
    """Create or update one rating; returns it, the outcome and the changed fields (before, after)."""
    values = {
        # A known link stays when the platform stops naming the order (or the order is not imported yet).
        "buyer_nickname": rating.buyer_nickname,
        "rating": rating.rating,
        "text": rating.text,
        "product_title": rating.product_title,
        "rated_at": rating.rated_at,
    }
    found = StoreRating.objects.select_for_update().filter(store=store, platform_rating_id=rating.platform_rating_id)
    existing = found.first()
    if existing is None:
        try:
            with transaction.atomic():
                created = StoreRating.objects.create(
                    store=store, platform_rating_id=rating.platform_rating_id, order=order, **values
                )
            return created, "created", {}, snapshot(created, ["platform_rating_id", *RATING_FIELDS])
        except IntegrityError:  # the same rating sent twice at once: the other call created it
            existing = found.get()
    before = snapshot(existing, RATING_FIELDS)
    for name, value in values.items():
        setattr(existing, name, value)
    if order is not None:
        existing.order = order
    before, after = changed(before, snapshot(existing, RATING_FIELDS))
    if not after:
        return existing, "unchanged", {}, {}
    existing.save(update_fields=list(after))
    return existing, "updated", before, after


def _authorise(by: Actor, store: Store) -> None:
    if by is not None:  # None: the platform itself, through a signed webhook
        require_perm(by, "ratings.import")
        require_store_access(by, store.pk)


@transaction.atomic
def store_rating_upsert(*, by: Actor, store: Store, data: RatingData) -> tuple[StoreRating, Outcome]:
    """Create the rating ``data`` describes, or bring it up to date; ``by`` None is the platform."""
    _authorise(by, store)
    rating = rating_clean(data)
    order = _orders_by_number(store, [rating.platform_order_id]).get(rating.platform_order_id)
    saved, outcome, before, after = _write(store, rating, order)
    if outcome != "unchanged":
        action = "orders.rating.create" if outcome == "created" else "orders.rating.update"
        audit_record(actor=by, action=action, obj=saved, before=before or None, after=after)
    return saved, outcome


@transaction.atomic
def store_rating_batch_upsert(*, by: Actor, store: Store, ratings: list[CleanRating]) -> dict[str, int]:
    """Write checked ratings of one store (a rating file); returns how many were created, updated, unchanged.

    Writes no audit row of its own: the rating import runs it inside its job's transaction and
    audits the whole file once, with these counts.
    """
    _authorise(by, store)
    orders = _orders_by_number(store, (r.platform_order_id for r in ratings))
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    for rating in ratings:
        _saved, outcome, _before, _after = _write(store, rating, orders.get(rating.platform_order_id))
        counts[outcome] += 1
    return counts
