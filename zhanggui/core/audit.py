"""Writing and reading the audit log. Every service write calls ``audit_record`` once."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import models

from .actors import Actor
from .context import client_ip
from .models import AuditEvent


def jsonable(value: Any) -> Any:
    """A JSON-safe copy of a field value: money as a string, times in ISO format."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(v) for v in value]
    return value


def snapshot(obj: models.Model, fields: list[str]) -> dict[str, Any]:
    """The named fields of ``obj`` as a JSON-safe dict (foreign keys by id)."""
    data = {}
    for name in fields:
        field = obj._meta.get_field(name)
        attname = getattr(field, "attname", name)
        data[name] = jsonable(getattr(obj, attname))
    return data


def changed(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the keys whose values differ, as (before, after)."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def audit_event(
    *,
    actor: Actor | None,
    action: str,
    obj: models.Model | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
    store_id: int | None = None,
    object_repr: str | None = None,
) -> AuditEvent:
    """One audit event, not saved yet: a service writing several at once passes them to ``audit_record_all``."""
    if store_id is None and obj is not None:
        store_id = getattr(obj, "store_id", None)
    return AuditEvent(
        actor_id=getattr(actor, "pk", None),
        actor_name=getattr(actor, "username", "") or "system",
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=(object_repr if object_repr is not None else str(obj) if obj is not None else "")[:200],
        store_id=store_id,
        before=jsonable(before) if before is not None else None,
        after=jsonable(after) if after is not None else None,
        reason=reason,
        ip=client_ip(),
    )


def audit_record(
    *,
    actor: Actor | None,
    action: str,
    obj: models.Model | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
    store_id: int | None = None,
    object_repr: str | None = None,
) -> AuditEvent:
    """Append one audit event. ``actor`` is a staff member or None for the system."""
    event = audit_event(
        actor=actor,
        action=action,
        obj=obj,
        before=before,
        after=after,
        reason=reason,
        store_id=store_id,
        object_repr=object_repr,
    )
    event.save(force_insert=True)
    return event


def audit_record_all(events: Sequence[AuditEvent]) -> None:
    """Append events built by ``audit_event`` in one INSERT (e.g. an order's and its stock moves', the
    last statement before the commit that releases the stock rows' locks)."""
    AuditEvent.objects.bulk_create(events)
