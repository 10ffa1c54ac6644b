"""Reads of anomalies (异常): the orders carrying one; the codes and their labels are in ``constants``."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from ..models import OrderAnomaly


def with_anomaly(queryset: QuerySet[Any], code: str | None = None) -> QuerySet[Any]:
    """Orders carrying ``code``, or any anomaly when ``code`` is None: read from the anomaly index
    (``OrderAnomaly``), which holds the few orders carrying one, never from every order's JSON."""
    carrying = OrderAnomaly.objects.all() if code is None else OrderAnomaly.objects.filter(code=code)
    return queryset.filter(pk__in=carrying.values("order_id"))
