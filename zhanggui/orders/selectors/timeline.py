"""An order's timeline: what happened to it, by whom and why, oldest first.

Built from the order's audit rows (every service writes one) and the carrier's tracking events
of its shipments. Personal data in before/after values stays masked.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhanggui.core.actors import Actor
from zhanggui.core.audit import audit_action_label
from zhanggui.core.models import AuditEvent
from zhanggui.core.permissions import require_perm, require_store_access
from zhanggui.core.pii import MASK, MASKERS, revealable_kind

from ..constants import anomaly_label, carrier_label
from ..models import MemoFlag, Order, TrackingEvent
from ..states import OrderStatus, status_label
from .rules import review_reasons_shown


@dataclass(frozen=True)
class TimelineEntry:
    """One step on an order's timeline: when, who ("system" for platforms and tasks), what and why."""

    at: dt.datetime
    actor: str
    kind: str
    label: str
    detail: str


# Audit action → the timeline's words for it; ``%(carrier)s`` and ``%(tracking_no)s`` come from
# the row's after-values. An action missing here reads as the audit log labels it.
LABELS: dict[str, Promise] = {
    "orders.order.create": gettext_lazy("Order received"),
    "orders.order.sync": gettext_lazy("Updated from the platform"),
    "orders.order.pay": gettext_lazy("Paid"),
    "orders.order.approve": gettext_lazy("Approved"),
    "orders.order.hold": gettext_lazy("Held for review"),
    "orders.order.cancel": gettext_lazy("Cancelled"),
    "orders.order.close_unpaid": gettext_lazy("Closed unpaid"),
    "orders.order.address_change": gettext_lazy("Address changed"),
    "orders.order.shipping_fee_change": gettext_lazy("Shipping fee changed"),
    "orders.order.price_adjust": gettext_lazy("Price adjusted"),
    "orders.order.line_sku_change": gettext_lazy("SKU changed"),
    "orders.order.memo_set": gettext_lazy("Seller memo changed"),
    "orders.order.ship": gettext_lazy("Shipped %(carrier)s %(tracking_no)s"),
    "orders.order.deliver": gettext_lazy("Delivered"),
    "orders.order.complete": gettext_lazy("Completed"),
    "orders.order.anomaly_raise": gettext_lazy("Anomaly flagged"),
    "orders.order.anomaly_clear": gettext_lazy("Anomaly cleared"),
    "orders.order.anomaly_resolve": gettext_lazy("Anomaly resolved"),
    "pii.reveal": gettext_lazy("Personal data revealed"),
}

# Audit keys that are bookkeeping, not something a person changed.
HIDDEN_KEYS = frozenset({"status", "status_path", "line", "sku", "review_reasons", "adjustment", "lines", "fields"})
# Keys a service may note in ``after`` alone (the value before was empty).
AFTER_ONLY_KEYS = frozenset({"anomalies"})


def order_timeline(*, user: Actor, order: Order) -> list[TimelineEntry]:
    """Everything that happened to ``order``, oldest first; missing when out of ``user``'s stores."""
    require_perm(user, "orders.view")
    require_store_access(user, order.store_id)
    rows = list(
        AuditEvent.objects.filter(object_type=Order._meta.label_lower, object_id=str(order.pk))
        .select_related("actor")
        .order_by("at", "pk")
    )
    entries = [(row.at, 0, row.pk, _audit_entry(row, user)) for row in rows]
    entries += [(at, -1, 0, entry) for at, entry in _platform_entries(order, rows)]
    tracking = TrackingEvent.objects.filter(shipment__order=order).select_related("shipment").order_by("at", "pk")
    entries += [(event.at, 1, event.pk, _tracking_entry(event)) for event in tracking]
    return [entry for *_key, entry in sorted(entries, key=lambda item: item[:3])]


# The order's own times, as the platform reported them. Each shows only when no audit row tells of
# that status (an order imported from a file or written by the demo has the times alone).
PLATFORM_STEPS: tuple[tuple[str, str, Promise], ...] = (
    ("created_at", OrderStatus.PENDING_PAYMENT, gettext_lazy("Ordered on the platform")),
    ("paid_at", OrderStatus.PAID, gettext_lazy("Paid")),
    ("shipped_at", OrderStatus.SHIPPED, gettext_lazy("Shipped")),
    ("delivered_at", OrderStatus.DELIVERED, gettext_lazy("Delivered")),
    ("completed_at", OrderStatus.COMPLETED, gettext_lazy("Completed")),
    ("closed_at", OrderStatus.CLOSED, gettext_lazy("Closed")),
)


def _platform_entries(order: Order, rows: list[AuditEvent]) -> list[tuple[dt.datetime, TimelineEntry]]:
    told: set[str] = set()
    for row in rows:
        before, after = row.before or {}, row.after or {}
        if after.get("status"):
            told.update([before.get("status", ""), *(after.get("status_path") or [after["status"]])])
    entries = []
    for field, status, label in PLATFORM_STEPS:
        at = getattr(order, field)
        if at is not None and status not in told:
            detail = order.close_reason if status == OrderStatus.CLOSED else ""
            entry = TimelineEntry(at=at, actor=_("platform"), kind=status, label=str(label), detail=detail)
            entries.append((at, entry))
    return entries


def _actor(row: AuditEvent) -> str:
    if row.actor is not None:
        return str(getattr(row.actor, "display_name", "") or row.actor_name)
    return _("system") if row.actor_name in ("", "system") else row.actor_name


def _audit_entry(row: AuditEvent, user: Actor) -> TimelineEntry:
    before, after = row.before or {}, row.after or {}
    label = LABELS.get(row.action)
    text = (
        str(label) % {"carrier": carrier_label(after.get("carrier", "")), "tracking_no": after.get("tracking_no", "")}
        if label is not None
        else audit_action_label(row.action)
    )
    parts = [row.reason, *_facts(row.action, after, user), *_changes(before, after)]
    return TimelineEntry(
        at=row.at,
        actor=_actor(row),
        kind=row.action.rsplit(".", 1)[-1],
        label=text,
        detail="; ".join(part for part in parts if part),
    )


def _facts(action: str, after: dict[str, Any], user: Actor) -> list[str]:
    """What a status step decided: where the order went and why it was held (as ``user`` may read why)."""
    if action in ("orders.order.create", "orders.order.sync") and after.get("status"):
        return [" → ".join(status_label(step) for step in after.get("status_path") or [after["status"]])]
    if action == "orders.order.pay":
        facts = []
        if after.get("out_of_stock"):
            facts.append(_("Out of stock"))
        for reason in review_reasons_shown(user=user, reasons=after.get("review_reasons")):
            facts.append(f"{reason['label']} ({reason['detail']})" if reason["detail"] else reason["label"])
        if after.get("status") == OrderStatus.AWAITING_SHIPMENT:
            facts.append(status_label(OrderStatus.AWAITING_SHIPMENT))
        return facts
    if action == "pii.reveal" and after.get("field"):
        return [_field_label(after["field"])]
    return []


def _changes(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """Each edited field as "label: before → after", personal data masked."""
    # In the order of the model's fields: PostgreSQL's jsonb does not keep the keys' order.
    positions = {field.name: index for index, field in enumerate(Order._meta.fields)}
    keys = sorted(
        (key for key in after if (key in before or key in AFTER_ONLY_KEYS) and key not in HIDDEN_KEYS),
        key=lambda key: (positions.get(key, len(positions)), key),
    )
    return [f"{_field_label(key)}: {_shown(key, before.get(key))} → {_shown(key, after[key])}" for key in keys]


def _field_label(name: str) -> str:
    try:
        field = Order._meta.get_field(name)
    except FieldDoesNotExist:
        return name
    return str(capfirst(getattr(field, "verbose_name", name)))


def _shown(name: str, value: Any) -> str:
    if value in (None, "", []):
        return "—"
    if name == "anomalies" and isinstance(value, list):
        return ", ".join(anomaly_label(str(code)) for code in value)
    if name == "memo_flag" and value in MemoFlag.values:
        return str(MemoFlag(value).label)
    kind = revealable_kind(Order(), name)
    if kind is not None and MASK not in str(value):  # services already mask; older rows may not
        return MASKERS[kind](str(value))
    return str(value)


def _tracking_entry(event: TrackingEvent) -> TimelineEntry:
    return TimelineEntry(
        at=event.at,
        actor=carrier_label(event.shipment.carrier),
        kind="tracking",
        label=event.description,
        detail=event.location,
    )
