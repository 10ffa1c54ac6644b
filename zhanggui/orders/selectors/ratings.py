"""Reads of store ratings (评价), scoped to the stores the staff member works in."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from zhanggui.core.actors import Actor
from zhanggui.core.exceptions import NotFoundError
from zhanggui.core.permissions import require_perm, scope_to_stores
from zhanggui.core.selectors import time_bound

from ..models import StoreRating

LOW_RATING = 2  # a rating of this many stars or fewer needs someone to look at it


def rating_list(*, user: Actor, filters: dict[str, Any] | None = None) -> QuerySet[StoreRating]:
    """Ratings of ``user``'s stores, newest first, narrowed by ``filters``:

    ``store`` (id), ``rating`` (exact stars), ``rating_max`` (at most), ``rated_from`` /
    ``rated_to`` (dates, inclusive, or times), ``keyword`` (in the text, product, buyer
    nickname, rating or order number).
    """
    require_perm(user, "ratings.view")
    filters = filters or {}
    queryset = scope_to_stores(StoreRating.objects.select_related("store", "order"), user)
    if store := filters.get("store"):
        queryset = queryset.filter(store_id=store)
    if rating := filters.get("rating"):
        queryset = queryset.filter(rating=rating)
    if rating_max := filters.get("rating_max"):
        queryset = queryset.filter(rating__lte=rating_max)
    if rated_from := filters.get("rated_from"):
        queryset = queryset.filter(**time_bound("rated_at", "gte", rated_from))
    if rated_to := filters.get("rated_to"):
        queryset = queryset.filter(**time_bound("rated_at", "lte", rated_to))
    if keyword := str(filters.get("keyword") or "").strip():
        queryset = queryset.filter(
            Q(text__icontains=keyword)
            | Q(product_title__icontains=keyword)
            | Q(buyer_nickname__icontains=keyword)
            | Q(platform_rating_id=keyword)
            | Q(order__platform_order_id=keyword)
        )
    return queryset.order_by("-rated_at", "-pk")


def rating_get(*, user: Actor, rating_id: int) -> StoreRating:
    """One rating; missing when out of ``user``'s stores."""
    rating = rating_list(user=user).filter(pk=rating_id).first()
    if rating is None:
        raise NotFoundError()
    return rating
