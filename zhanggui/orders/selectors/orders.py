"""Reads of the orders context, scoped to the stores the staff member works in.

An order of another store is reported missing (404), never forbidden.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from zhanggui.core.exceptions import NotFoundError
from zhanggui.core.permissions import require_perm, scope_to_stores
from zhanggui.core.selectors import time_bound

from ..models import Order, Shipment
from ..states import OrderStatus
from .anomalies import with_anomaly


def _visible(user: Any) -> QuerySet[Order]:
    require_perm(user, "orders.view")
    return scope_to_stores(Order.objects.select_related("store", "buyer"), user)


def order_list(*, user: Any, filters: dict[str, Any] | None = None) -> QuerySet[Order]:
    """Orders ``user`` may see, newest first, narrowed by ``filters``:

    ``status`` (one or a list), ``store`` (id), ``created_from`` / ``created_to`` (dates or
    times), ``amount_min`` / ``amount_max`` (paid amount), ``out_of_stock``, ``memo_flag``,
    ``keyword`` (order number, buyer nickname or tracking number), ``anomaly`` (an anomaly code,
    or ``"any"`` for orders with any anomaly).
    """
    filters = filters or {}
    queryset = _visible(user)
    if status := filters.get("status"):
        queryset = queryset.filter(status__in=[status] if isinstance(status, str) else list(status))
    if store := filters.get("store"):
        queryset = queryset.filter(store_id=store)
    if created_from := filters.get("created_from"):
        queryset = queryset.filter(**time_bound("created_at", "gte", created_from))
    if created_to := filters.get("created_to"):
        queryset = queryset.filter(**time_bound("created_at", "lte", created_to))
    if (amount_min := filters.get("amount_min")) not in (None, ""):
        queryset = queryset.filter(paid_amount__gte=Decimal(str(amount_min)))
    if (amount_max := filters.get("amount_max")) not in (None, ""):
        queryset = queryset.filter(paid_amount__lte=Decimal(str(amount_max)))
    if filters.get("out_of_stock") is not None:
        queryset = queryset.filter(out_of_stock=bool(filters["out_of_stock"]))
    if memo_flag := filters.get("memo_flag"):
        queryset = queryset.filter(memo_flag=memo_flag)
    if anomaly := filters.get("anomaly"):
        queryset = with_anomaly(queryset, None if anomaly == "any" else anomaly)
    if keyword := str(filters.get("keyword") or "").strip():
        tracked = Shipment.objects.filter(order=OuterRef("pk"), tracking_no=keyword.upper())
        queryset = queryset.filter(
            Q(platform_order_id=keyword) | Q(buyer__nickname__icontains=keyword) | Exists(tracked)
        )
    return queryset.order_by("-created_at", "-pk")


def order_get(*, user: Any, order_id: int) -> Order:
    """One order with its lines and shipments; missing when out of ``user``'s stores."""
    order = (
        _visible(user)
        .select_related("warehouse")
        .prefetch_related("lines__sku", "shipments__tracking_events")
        .filter(pk=order_id)
        .first()
    )
    if order is None:
        raise NotFoundError()
    return order


def review_queue(*, user: Any) -> QuerySet[Order]:
    """Orders held for review (审单), oldest payment first: the clerk's work list."""
    return _visible(user).filter(status=OrderStatus.UNDER_REVIEW).order_by("paid_at", "pk")
