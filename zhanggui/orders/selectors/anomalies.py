"""Reads of anomalies (异常): the orders carrying one; the codes and their labels are in ``constants``."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet, TextField
from django.db.models.functions import Cast


def with_anomaly(queryset: QuerySet[Any], code: str | None = None) -> QuerySet[Any]:
    """Orders carrying ``code``, or any anomaly when ``code`` is None (SQLite and PostgreSQL alike)."""
    if code is None:
        return queryset.exclude(anomalies=[])
    return queryset.alias(anomalies_text=Cast("anomalies", TextField())).filter(anomalies_text__contains=f'"{code}"')
