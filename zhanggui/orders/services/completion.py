"""Delivered orders complete on their own after the store's confirmation period (as on Taobao)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from zhanggui.core.exceptions import ConflictError

from ..models import Order
from ..selectors.rules import StoreLimit
from ..states import OrderStatus
from .lifecycle import order_complete


def order_complete_delivered_expired(*, now: dt.datetime | None = None) -> int:
    """Complete every order delivered longer ago than its store's ``auto_complete_days`` (the
    system acts, one order per transaction); safe to rerun. How many completed."""
    now = now or timezone.now()
    days = StoreLimit("auto_complete_days")
    candidates = Order.objects.filter(
        status=OrderStatus.DELIVERED, delivered_at__lt=now - dt.timedelta(days=days.shortest())
    ).values_list("pk", "store_id", "delivered_at")
    completed = 0
    for pk, store_id, delivered_at in candidates.order_by("delivered_at", "pk").iterator():
        if delivered_at is None or delivered_at >= now - dt.timedelta(days=days.of(store_id)):
            continue
        try:
            order_complete(by=None, order=Order(pk=pk), at=now)
        except ConflictError:  # completed (or otherwise moved) meanwhile
            continue
        completed += 1
    return completed
