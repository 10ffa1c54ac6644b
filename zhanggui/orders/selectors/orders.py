"""Reads of the orders context, scoped to the stores the staff member works in.

An order of another store is reported missing (404), never forbidden.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, DecimalField, Exists, OuterRef, Prefetch, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, ExtractHour
from django.utils import timezone

from zhanggui.core.actors import Actor
from zhanggui.core.exceptions import NotFoundError
from zhanggui.core.permissions import require_perm, scope_to_stores
from zhanggui.core.selectors import day_start, time_bound
from zhanggui.stores.models import Store
from zhanggui.stores.selectors import store_list

from ..models import Order, OrderLine, OrderSettings, Shipment
from ..states import OPEN_PAID, OrderStatus
from .anomalies import with_anomaly
from .rules import DEFAULT_RULES


def _visible(user: Actor) -> QuerySet[Order]:
    require_perm(user, "orders.view")
    return scope_to_stores(Order.objects.select_related("store", "buyer"), user)


def order_list(*, user: Actor, filters: dict[str, Any] | None = None) -> QuerySet[Order]:
    """Orders ``user`` may see, newest first, narrowed by ``filters``:

    ``status`` (one or a list), ``store`` (id), ``created_from`` / ``created_to`` (dates or
    times), ``amount_min`` / ``amount_max`` (paid amount), ``out_of_stock``, ``memo_flag``,
    ``keyword`` (order number, buyer nickname or tracking number), ``anomaly`` (an anomaly code,
    or ``"any"`` for orders with any anomaly), ``paid_from`` / ``paid_to`` (dates or times),
    ``ship_due`` (``OVERDUE`` or ``DUE_SOON`` by the store's shipping promise),
    ``logistics_status`` (one or a list of ``LogisticsStatus`` codes).
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
    if paid_from := filters.get("paid_from"):
        queryset = queryset.filter(**time_bound("paid_at", "gte", paid_from))
    if paid_to := filters.get("paid_to"):
        queryset = queryset.filter(**time_bound("paid_at", "lte", paid_to))
    if ship_due := filters.get("ship_due"):
        queryset = ship_due_filter(queryset, ship_due)
    if (amount_min := filters.get("amount_min")) not in (None, ""):
        queryset = queryset.filter(paid_amount__gte=Decimal(str(amount_min)))
    if (amount_max := filters.get("amount_max")) not in (None, ""):
        queryset = queryset.filter(paid_amount__lte=Decimal(str(amount_max)))
    if filters.get("out_of_stock") is not None:
        queryset = queryset.filter(out_of_stock=bool(filters["out_of_stock"]))
    if memo_flag := filters.get("memo_flag"):
        queryset = queryset.filter(memo_flag=memo_flag)
    if logistics := filters.get("logistics_status"):
        queryset = queryset.filter(logistics_status__in=[logistics] if isinstance(logistics, str) else list(logistics))
    if anomaly := filters.get("anomaly"):
        queryset = with_anomaly(queryset, None if anomaly == "any" else anomaly)
    if keyword := str(filters.get("keyword") or "").strip():
        tracked = Shipment.objects.filter(order=OuterRef("pk"), tracking_no=keyword.upper())
        queryset = queryset.filter(
            Q(platform_order_id=keyword) | Q(buyer__nickname__icontains=keyword) | Exists(tracked)
        )
    return queryset.order_by("-created_at", "-pk")


def lines_with_skus() -> Prefetch:
    """An order's lines with their SKUs, in one query."""
    return Prefetch("lines", queryset=OrderLine.objects.select_related("sku"))


def order_get(*, user: Actor, order_id: int) -> Order:
    """One order with its lines and shipments; missing when out of ``user``'s stores."""
    order = (
        _visible(user)
        .select_related("warehouse")
        .prefetch_related(lines_with_skus(), "shipments__tracking_events")
        .filter(pk=order_id)
        .first()
    )
    if order is None:
        raise NotFoundError()
    return order


def review_queue(*, user: Actor) -> QuerySet[Order]:
    """Orders held for review (审单), oldest payment first: the clerk's work list."""
    return _visible(user).filter(status=OrderStatus.UNDER_REVIEW).order_by("paid_at", "pk")


# --- shipping promise ------------------------------------------------------------------------------
OVERDUE = "overdue"  # past the store's shipping promise (48 h after payment unless the store says otherwise)
DUE_SOON = "due_soon"  # still within the promise, which runs out within DUE_SOON_HOURS
DUE_SOON_HOURS = 24  # a working day: what must leave with today's pick-up


def ship_due_filter(queryset: QuerySet[Order], due: str, *, now: dt.datetime | None = None) -> QuerySet[Order]:
    """The open paid orders of ``queryset`` that are ``OVERDUE`` or ``DUE_SOON`` by their store's promise.

    An order paid exactly the promised hours ago is still within it (due soon, not overdue).
    """
    if due not in (OVERDUE, DUE_SOON):
        raise ValueError(f"due must be {OVERDUE!r} or {DUE_SOON!r}, not {due!r}")
    now = now or timezone.now()
    soon = dt.timedelta(hours=DUE_SOON_HOURS)

    def paid_when(sla_hours: int) -> Q:
        promise_start = now - dt.timedelta(hours=sla_hours)  # paid before this: the promise has run out
        if due == OVERDUE:
            return Q(paid_at__lt=promise_start)
        return Q(paid_at__gte=promise_start, paid_at__lte=promise_start + soon)

    custom = dict(OrderSettings.objects.values_list("store_id", "ship_sla_hours"))
    condition = ~Q(store_id__in=list(custom)) & paid_when(DEFAULT_RULES.ship_sla_hours)
    for store_id, sla_hours in custom.items():
        condition |= Q(store_id=store_id) & paid_when(sla_hours)
    return queryset.filter(status__in=OPEN_PAID).filter(condition)


# --- today's sales -------------------------------------------------------------------------------
@dataclass(frozen=True)
class StoreSales:
    """A store's orders paid today so far, and by the same time yesterday; money in the store's currency."""

    store: Store
    orders: int
    amount: Decimal
    orders_yesterday: int


def _paid_in_active_stores(user: Actor) -> QuerySet[Order]:
    return _visible(user).filter(store__is_active=True).order_by()


def sales_today(*, user: Actor, now: dt.datetime | None = None) -> list[StoreSales]:
    """Orders paid today (the console's calendar day, up to ``now``) in each active store of ``user``,
    busiest first; an order counts whatever happened to it after payment."""
    now = now or timezone.now()
    today_start = day_start(timezone.localdate(now))
    yesterday_start = day_start(timezone.localdate(now) - dt.timedelta(days=1))
    today = Q(paid_at__gte=today_start)
    money = DecimalField(max_digits=12, decimal_places=2)
    paid = {
        store_id: (orders, amount, orders_yesterday)
        for store_id, orders, amount, orders_yesterday in _paid_in_active_stores(user)
        .filter(paid_at__gte=yesterday_start, paid_at__lte=now)
        .values("store_id")
        .annotate(
            orders=Count("pk", filter=today),
            amount=Coalesce(Sum("paid_amount", filter=today), Value(Decimal("0.00")), output_field=money),
            orders_yesterday=Count("pk", filter=Q(paid_at__lte=now - dt.timedelta(days=1))),
        )
        .values_list("store_id", "orders", "amount", "orders_yesterday")
    }
    none_paid = (0, Decimal("0.00"), 0)
    stores = store_list(user=user, filters={"is_active": True})
    sales = [StoreSales(store, *paid.get(store.pk, none_paid)) for store in stores]
    return sorted(sales, key=lambda row: (-row.orders, row.store.name, row.store.pk))


def paid_orders_by_hour(*, user: Actor, day: dt.date) -> list[int]:
    """How many orders were paid in each hour (0–23) of ``day`` in ``user``'s active stores, console time."""
    start = day_start(day)
    rows = (
        _paid_in_active_stores(user)
        .filter(paid_at__gte=start, paid_at__lt=day_start(day + dt.timedelta(days=1)))
        .annotate(hour=ExtractHour("paid_at", tzinfo=timezone.get_current_timezone()))
        .values("hour")
        .annotate(orders=Count("pk"))
    )
    counts = [0] * 24
    for row in rows:
        counts[row["hour"]] += row["orders"]
    return counts
