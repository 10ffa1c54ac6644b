"""Agents' availability: their status (在线 / 忙碌 / 离开 / 离线) and how many conversations they take.

Going busy, away or offline keeps the conversations an agent holds (a lead may take them back to
the queue with ``conversation_unassign``); going online, or being given more room, pulls waiting
conversations of their stores once the change is committed (the presence row is no longer locked
then, so the queue drain takes presence rows in its usual order and cannot deadlock with it).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhanggui.core.actors import Actor
from zhanggui.core.audit import audit_record
from zhanggui.core.exceptions import NotFoundError, ValidationFailed
from zhanggui.core.permissions import require_perm, store_ids_for

from ..models import AgentPresence, AgentStatusChange
from ..states import AgentStatus
from .assignment import queue_drain

CAPACITY_MAX = 50


def _stores_of(staff: Any) -> list[int]:
    return list(staff.stores.values_list("id", flat=True))


def _require_lead_of(by: Actor, staff: Any) -> None:
    """A lead manages the agents of their own stores only (others are missing to them)."""
    require_perm(by, "service.assign")
    if store_ids_for(by) is None:
        return
    if not set(_stores_of(staff)) & set(store_ids_for(by) or []):
        raise NotFoundError()


def _presence_locked(staff: Any) -> AgentPresence:
    AgentPresence.objects.get_or_create(staff_id=staff.pk)
    return AgentPresence.objects.select_for_update().get(staff_id=staff.pk)


def _drain_after_commit(staff: Any) -> None:
    stores = _stores_of(staff)

    def drain() -> None:
        if stores:
            for store_id in stores:
                queue_drain(store=store_id)
        else:  # a role over every store
            queue_drain()

    transaction.on_commit(drain)


@transaction.atomic
def agent_status_set(*, by: Actor, staff: Any, status: str) -> AgentPresence:
    """Set an agent's status: their own (``service.reply``), or anyone's of a lead's stores
    (``service.assign``). Kept as a history row for the time-online figures."""
    if staff.pk == by.pk:
        require_perm(by, "service.reply")
    else:
        _require_lead_of(by, staff)
    if status not in AgentStatus.values:
        raise ValidationFailed.for_field("status", _("Choose online, busy, away or offline."))
    presence = _presence_locked(staff)
    before = presence.status
    if before == status:
        return presence
    now = timezone.now()
    presence.status, presence.status_changed_at = status, now
    presence.save(update_fields=["status", "status_changed_at"])
    AgentStatusChange.objects.create(staff_id=staff.pk, status=status, at=now)
    audit_record(
        actor=by,
        action="service.agent.status",
        obj=presence,
        object_repr=str(staff),
        before={"status": before},
        after={"status": status},
    )
    if status == AgentStatus.ONLINE:
        _drain_after_commit(staff)
    return presence


@transaction.atomic
def agent_capacity_set(*, by: Actor, staff: Any, capacity: int) -> AgentPresence:
    """How many conversations the agent holds at once before automatic assignment skips them (a lead)."""
    _require_lead_of(by, staff)
    if isinstance(capacity, bool) or not isinstance(capacity, int) or not 1 <= capacity <= CAPACITY_MAX:
        raise ValidationFailed.for_field(
            "capacity", _("Enter a number from %(minimum)d to %(maximum)d.") % {"minimum": 1, "maximum": CAPACITY_MAX}
        )
    presence = _presence_locked(staff)
    before = presence.capacity
    if before == capacity:
        return presence
    presence.capacity = capacity
    presence.save(update_fields=["capacity"])
    audit_record(
        actor=by,
        action="service.agent.capacity",
        obj=presence,
        object_repr=str(staff),
        before={"capacity": before},
        after={"capacity": capacity},
    )
    if capacity > before and presence.status == AgentStatus.ONLINE:
        _drain_after_commit(staff)
    return presence
