"""Reads of after-sales cases: the queue with its filters, one case, and an order's cases."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.utils import timezone

from zhanggui.core.actors import Actor
from zhanggui.core.exceptions import NotFoundError
from zhanggui.core.permissions import require_perm, scope_to_stores
from zhanggui.core.selectors import time_bound

from ..models import Case, CaseLine
from ..states import OPEN, UNANSWERED

DUE_SOON_HOURS = 8  # "due soon": the step falls due within a working day
CASE_NUMBER = re.compile(r"^SH0*(\d+)$", re.IGNORECASE)

# Filters of ``case_list`` with fixed meanings (``status`` also takes these).
OPEN_STATUS = "open"
OVERDUE = "overdue"
DUE_SOON = "due_soon"
AWAITING_INSPECTION = "awaiting_inspection"


def _visible(user: Actor) -> QuerySet[Case]:
    require_perm(user, "aftersales.view")
    return scope_to_stores(Case.objects.select_related("store", "order", "order__buyer", "reason", "assignee"), user)


def due_filter(queryset: QuerySet[Case], due: str, *, now: dt.datetime | None = None) -> QuerySet[Case]:
    """Cases whose current step is ``OVERDUE`` (past due) or ``DUE_SOON`` (due within 8 hours)."""
    now = now or timezone.now()
    if due == OVERDUE:
        return queryset.filter(due_at__lt=now)
    if due == DUE_SOON:
        return queryset.filter(due_at__gte=now, due_at__lt=now + dt.timedelta(hours=DUE_SOON_HOURS))
    return queryset


def case_list(*, user: Actor, filters: dict[str, Any] | None = None) -> QuerySet[Case]:
    """Cases ``user`` may see, the soonest due first, then the newest, narrowed by ``filters``:

    ``status`` (one or a list, or ``"open"``), ``type``, ``store`` (id), ``reason`` (id),
    ``responsibility``, ``assignee`` (a staff id, or ``"me"``, or ``"none"``), ``due``
    (``overdue`` / ``due_soon``), ``awaiting_inspection`` (received, not yet inspected),
    ``requested_from`` / ``requested_to`` (dates or times), ``order`` (id), ``keyword`` (our case
    number SH…, the platform's case number, the order number, the buyer's nickname or the return
    waybill).
    """
    filters = filters or {}
    queryset = _visible(user)
    status = filters.get("status")
    if status == OPEN_STATUS:
        queryset = queryset.filter(status__in=OPEN)
    elif status:
        queryset = queryset.filter(status__in=[status] if isinstance(status, str) else list(status))
    for field in ("type", "responsibility"):
        if value := filters.get(field):
            queryset = queryset.filter(**{field: value})
    for field in ("store", "reason", "order"):
        if value := filters.get(field):
            queryset = queryset.filter(**{f"{field}_id": value})
    if assignee := filters.get("assignee"):
        if assignee == "none":
            queryset = queryset.filter(assignee__isnull=True)
        else:
            queryset = queryset.filter(assignee_id=user.pk if assignee == "me" else assignee)
    if due := filters.get("due"):
        queryset = due_filter(queryset, due)
    if filters.get(AWAITING_INSPECTION):
        queryset = queryset.filter(status="received")
    if requested_from := filters.get("requested_from"):
        queryset = queryset.filter(**time_bound("requested_at", "gte", requested_from))
    if requested_to := filters.get("requested_to"):
        queryset = queryset.filter(**time_bound("requested_at", "lte", requested_to))
    if keyword := str(filters.get("keyword") or "").strip():
        matches = (
            Q(platform_case_id=keyword)
            | Q(order__platform_order_id=keyword)
            | Q(order__buyer__nickname__icontains=keyword)
            | Q(return_tracking_no=keyword.upper())
        )
        if number := CASE_NUMBER.match(keyword):
            matches |= Q(pk=int(number.group(1)))
        queryset = queryset.filter(matches)
    # Cases awaiting nothing (no deadline) last, on every database (SQLite sorts NULL first).
    return queryset.order_by(F("due_at").asc(nulls_last=True), "-requested_at", "-pk")


def case_get(*, user: Actor, case_id: int) -> Case:
    """One case with its lines (and their order lines and SKUs); missing when out of ``user``'s stores."""
    lines = Prefetch(
        "lines",
        queryset=CaseLine.objects.select_related("order_line__sku__product", "replacement_sku__product").order_by("pk"),
    )
    case = (
        _visible(user)
        .select_related("replacement_order", "restock_warehouse", "decided_by", "received_by", "inspected_by")
        .prefetch_related(lines, "evidence", "messages", "refunds")
        .filter(pk=case_id)
        .first()
    )
    if case is None:
        raise NotFoundError()
    return case


def cases_of_order(*, user: Actor, order_id: int) -> list[Case]:
    """Every case of one order, newest first (for the order page)."""
    return list(_visible(user).filter(order_id=order_id).order_by("-requested_at", "-pk"))


def open_case_counts(*, user: Actor, order_ids: Iterable[int]) -> dict[int, int]:
    """How many open cases each of these orders has (orders without any are left out); one query."""
    rows = (
        scope_to_stores(Case.objects.filter(order_id__in=list(order_ids), status__in=OPEN), user)
        .values("order_id")
        .annotate(count=Count("pk"))
        .values_list("order_id", "count")
    )
    return dict(rows)


def unanswered_count(*, user: Actor) -> int:
    return _visible(user).filter(status__in=UNANSWERED).count()
