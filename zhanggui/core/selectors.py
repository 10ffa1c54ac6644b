"""Reads of the shared kernel."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from .actors import Actor
from .models import AuditEvent, ImportJob
from .permissions import store_ids_for


def audit_event_list(*, user: Actor, filters: dict[str, Any]) -> QuerySet[AuditEvent]:
    queryset = AuditEvent.objects.select_related("actor", "store")
    ids = store_ids_for(user)
    if ids is not None:
        queryset = queryset.filter(store_id__in=ids)
    if actor := filters.get("actor"):
        queryset = queryset.filter(actor_name__icontains=actor)
    if action := filters.get("action"):
        queryset = queryset.filter(action__startswith=action)
    if object_type := filters.get("object_type"):
        queryset = queryset.filter(object_type=object_type)
    if object_id := filters.get("object_id"):
        queryset = queryset.filter(object_id=object_id)
    if store := filters.get("store"):
        queryset = queryset.filter(store=store)
    if since := filters.get("since"):
        queryset = queryset.filter(**time_bound("at", "gte", since))
    if until := filters.get("until"):
        queryset = queryset.filter(**time_bound("at", "lte", until))
    return queryset


def audit_trail(*, obj: Any) -> QuerySet[AuditEvent]:
    """Every event about one object, oldest first (its timeline)."""
    return (
        AuditEvent.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
        .select_related("actor")
        .order_by("at", "id")
    )


def import_job_get(*, user: Actor, job_id: int) -> ImportJob:
    from .exceptions import NotFoundError

    job = ImportJob.objects.filter(pk=job_id, created_by_id=user.pk).first()
    if job is None:
        raise NotFoundError()
    return job


def day_start(day: dt.date) -> dt.datetime:
    """The first moment of ``day`` in the current (display) time zone."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def time_bound(field: str, op: str, value: dt.date | dt.datetime) -> dict[str, Any]:
    """A filter bounding ``field`` (a time) by ``value``: a time as it is, a date as a whole day
    in the current (display) time zone. ``op`` is ``gte`` or ``lte``.

    A date becomes a bound on the stored time itself — from the day's first moment, or before the
    next day's — never a date cast of the column, so the column's index serves the filter.
    """
    if isinstance(value, dt.datetime):
        return {f"{field}__{op}": value}
    if op == "gte":
        return {f"{field}__gte": day_start(value)}
    if op == "lte":
        return {f"{field}__lt": day_start(value + dt.timedelta(days=1))}
    raise ValueError(f"op must be 'gte' or 'lte', not {op!r}")
