"""Writing and reading the audit log. Every service write calls ``audit_record`` once.

People read an action by its label, never its code: each app registers the labels of the actions it
writes (``audit_actions_register`` in its ``ready()``); the kernel labels its own and the verbs its
generic machinery writes for any list or import (``<list>.export``).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext

from .actors import Actor
from .context import client_ip
from .models import AuditEvent

# Filled in ``ready()`` by each app (the same in every process), read only afterwards.
_ACTION_LABELS: dict[str, Any] = {}


def audit_actions_register(labels: Mapping[str, Any]) -> None:
    """Register how people read actions: ``{"orders.order.approve": gettext_lazy("Approve order")}``."""
    _ACTION_LABELS.update(labels)


def audit_action_known(action: str) -> bool:
    return action in _ACTION_LABELS


def audit_action_label(action: str) -> str:
    """The translated label of an action; an action no app registered is shown by its code."""
    label = _ACTION_LABELS.get(action)
    return str(label) if label is not None else action


def audit_action_choices() -> list[tuple[str, str]]:
    """Every registered action as (code, label), by label: the audit log's action filter."""
    return sorted(((code, str(label)) for code, label in _ACTION_LABELS.items()), key=lambda choice: choice[1])


def audit_actor_shown(event: AuditEvent) -> str:
    """Who did it, as colleagues know them (the staff member's display name); "system" for none."""
    if event.actor_id is not None and event.actor is not None:
        return str(event.actor)
    return gettext("system") if event.actor_name in ("", "system") else event.actor_name


def audit_changes_shown(event: AuditEvent) -> list[tuple[str, str | None, str]]:
    """The changed fields as (label, before, after) in words: the object's field names and its
    choices' labels where the model says them (``under_review`` → 待审核); no before: None."""
    before, after = event.before or {}, event.after or {}
    if not isinstance(before, dict) or not isinstance(after, dict):
        return [("", _value_shown(before, None), _value_shown(after, None))]
    try:
        meta = apps.get_model(event.object_type)._meta if event.object_type else None
    except (LookupError, ValueError):
        meta = None

    def field(key: str) -> Any:
        try:
            return meta.get_field(key) if meta is not None else None
        except FieldDoesNotExist:
            return None

    rows = []
    for key in dict.fromkeys([*before, *after]):
        model_field = field(key)
        verbose_name = getattr(model_field, "verbose_name", None)  # a reverse relation has none
        label = str(capfirst(verbose_name)) if verbose_name else key
        shown_before = _value_shown(before[key], model_field) if key in before else None
        rows.append((label, shown_before, _value_shown(after.get(key), model_field)))
    return rows


def _value_shown(value: Any, model_field: Any) -> str:
    if value is None or value in ("", [], {}):
        return "—"
    if isinstance(value, list):
        return "、".join(_value_shown(item, model_field) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{key}: {_value_shown(item, None)}" for key, item in value.items())
    choices = dict(getattr(model_field, "flatchoices", None) or [])
    return str(choices.get(value, value))


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
