"""A case's timeline: its own audit rows and those of the refunds its order received, oldest first.

Read through the kernel's audit helpers (labels, actors, changed fields in words); personal data in
before/after values stays masked, as on the order's timeline.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy

from zhanggui.core.actors import Actor
from zhanggui.core.audit import audit_action_label, audit_actor_shown, audit_changes_shown
from zhanggui.core.models import AuditEvent
from zhanggui.core.permissions import require_perm, require_store_access
from zhanggui.core.pii import MASK, MASKERS, revealable_kind
from zhanggui.orders.constants import carrier_label
from zhanggui.orders.models import Order
from zhanggui.orders.states import OrderStatus

from ..models import Case, EvidenceKind

# Bookkeeping an audit row carries that is not a change a person reads.
HIDDEN_KEYS = frozenset(
    {"status_path", "lines", "auto_rule", "evidence", "message", "article", "width", "height"}
    | {"due_at", "overdue", "recipients"}  # a reminder: its label says it all
)
# Keys that name no field of the audited model (the amount an order's refund row adds).
KEY_LABELS = {
    "refund": gettext_lazy("Refund"),
    "refunded": gettext_lazy("Refunded"),
    "shipping": gettext_lazy("Of which shipping"),
    "order_refunded": gettext_lazy("Order refunded in all"),
    "order_status": gettext_lazy("Order status"),
    "kind": gettext_lazy("Photo"),
    "body": gettext_lazy("Message"),
    "units": gettext_lazy("Units"),
    "warehouse": gettext_lazy("Warehouse"),
    "rule": gettext_lazy("Rule"),
}
# Keys holding a code, shown by its label.
CODE_LABELS: dict[str, Any] = {"order_status": OrderStatus, "kind": EvidenceKind}
# Keys holding a carrier's code, shown by its name (中通快递, not ZTO).
CARRIER_KEYS = frozenset({"return_carrier", "outbound_carrier"})
# The order's rows that belong on a case's timeline: the refunds paid on it.
ORDER_ACTIONS = ("orders.order.refund",)


@dataclass(frozen=True)
class CaseTimelineEntry:
    at: dt.datetime
    actor: str
    action: str
    label: str
    reason: str
    changes: list[tuple[str, str | None, str]]


def case_timeline(*, user: Actor, case: Case) -> list[CaseTimelineEntry]:
    """What happened to ``case`` and its order's refunds, oldest first; missing out of ``user``'s stores."""
    require_perm(user, "aftersales.view")
    require_store_access(user, case.store_id)
    rows = (
        AuditEvent.objects.filter(
            Q(object_type=Case._meta.label_lower, object_id=str(case.pk))
            | Q(object_type=Order._meta.label_lower, object_id=str(case.order_id), action__in=ORDER_ACTIONS)
        )
        .select_related("actor")
        .order_by("at", "pk")
    )
    return [_entry(row) for row in rows]


def _entry(row: AuditEvent) -> CaseTimelineEntry:
    model = Order if row.object_type == Order._meta.label_lower else Case
    before, after = _masked(model, row.before or {}), _masked(model, row.after or {})
    if isinstance(before, dict) and isinstance(after, dict):
        # A value noted before but not after did not change (the order's status on a partial refund).
        before = {key: value for key, value in before.items() if key in after}
    shown = AuditEvent(object_type=row.object_type, before=before, after=after)
    changes = audit_changes_shown(shown)
    if isinstance(before, dict) and isinstance(after, dict):
        keys = list(dict.fromkeys([*before, *after]))
        changes = [
            (str(KEY_LABELS[key]) if key in KEY_LABELS else label, old, new)
            for key, (label, old, new) in zip(keys, changes, strict=True)
        ]
    return CaseTimelineEntry(
        at=row.at,
        actor=audit_actor_shown(row),
        action=row.action,
        label=audit_action_label(row.action),
        reason=row.reason,
        changes=changes,
    )


def _masked(model: type[Case] | type[Order], values: Any) -> Any:
    """The shown values: bookkeeping left out, carriers named, personal data masked, and the keys
    in the order of the model's fields (PostgreSQL's jsonb does not keep the keys' order)."""
    if not isinstance(values, dict):
        return values
    positions = {field.name: index for index, field in enumerate(model._meta.fields)}
    kept = {}
    for key, value in sorted(values.items(), key=lambda item: (positions.get(item[0], len(positions)), item[0])):
        if key in HIDDEN_KEYS:
            continue
        if key in CARRIER_KEYS and value:
            value = carrier_label(str(value))
        if key in CODE_LABELS and value in CODE_LABELS[key].values:
            value = str(CODE_LABELS[key](value).label)
        kind = revealable_kind(model, key)
        if kind is not None and value not in (None, "") and MASK not in str(value):
            value = MASKERS[kind](str(value))
        kept[key] = value
    return kept
