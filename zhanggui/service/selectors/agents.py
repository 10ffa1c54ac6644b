"""Reading the team: the agents of a store with their status and load, the service groups.

An agent is an active staff member whose role answers buyers (``service.reply``) and who works for
the store (assigned to it, or in a role that spans every store).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from zhanggui.accounts.models import Staff
from zhanggui.core import policy
from zhanggui.core.actors import Actor
from zhanggui.core.exceptions import NotFoundError
from zhanggui.core.permissions import require_perm, require_store_access, scope_to_stores, store_ids_for

from ..models import AgentPresence, Conversation, ServiceGroup
from ..states import ACTIVE_STATUSES, AgentStatus


def store_agents(store_id: int) -> QuerySet[Staff]:
    """The staff who may answer the store's buyers."""
    return Staff.objects.filter(
        Q(stores__id=store_id) | Q(role__in=policy.ALL_STORE_ROLES),
        is_active=True,
        role__in=policy.roles_with("service.reply"),
    ).distinct()


def is_store_agent(staff: Any, store_id: int) -> bool:
    return store_agents(store_id).filter(pk=staff.pk).exists()


@dataclass(frozen=True)
class AgentRow:
    """One agent as the team list shows them."""

    staff: Staff
    status: str
    capacity: int
    holding: int  # queued or open conversations assigned to them
    since: dt.datetime | None  # when the status was set
    last_assigned_at: dt.datetime | None

    @property
    def status_label(self) -> str:
        return str(AgentStatus(self.status).label)


def _holding() -> Any:
    held = (
        Conversation.objects.filter(assignee_id=OuterRef("pk"), status__in=ACTIVE_STATUSES)
        .order_by()
        .values("assignee_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(held, output_field=IntegerField()), Value(0))


def agent_list(*, user: Actor, store: int | None = None, status: str = "") -> list[AgentRow]:
    """The agents of ``user``'s stores (or of one of them), online first, then by name."""
    require_perm(user, "service.view")
    staff = Staff.objects.filter(is_active=True, role__in=policy.roles_with("service.reply"))
    if store is not None:
        require_store_access(user, store)
        staff = staff.filter(pk__in=store_agents(store).values("pk"))
    else:
        ids = store_ids_for(user)
        if ids is not None:
            staff = staff.filter(Q(stores__id__in=ids) | Q(pk=user.pk))
    staff = staff.distinct().select_related("presence").annotate(holding=_holding())
    rows = []
    for member in staff:
        presence = getattr(member, "presence", None)
        rows.append(
            AgentRow(
                staff=member,
                status=presence.status if presence else AgentStatus.OFFLINE,
                capacity=presence.capacity if presence else AgentPresence().capacity,
                holding=member.holding,  # type: ignore[attr-defined]
                since=presence.status_changed_at if presence else None,
                last_assigned_at=presence.last_assigned_at if presence else None,
            )
        )
    if status:
        rows = [row for row in rows if row.status == status]
    order = {AgentStatus.ONLINE: 0, AgentStatus.BUSY: 1, AgentStatus.AWAY: 2, AgentStatus.OFFLINE: 3}
    return sorted(rows, key=lambda row: (order.get(row.status, 9), str(row.staff), row.staff.pk))  # type: ignore[call-overload]


def agent_status_of(staff: Any) -> str:
    """The agent's own status (offline until they set one)."""
    found = AgentPresence.objects.filter(staff_id=staff.pk).values_list("status", flat=True).first()
    return found or AgentStatus.OFFLINE


def group_list(*, user: Actor, store: int | None = None) -> QuerySet[ServiceGroup]:
    """The service groups of ``user``'s stores, with their member count."""
    require_perm(user, "service.view")
    queryset = scope_to_stores(ServiceGroup.objects.select_related("store"), user)
    if store is not None:
        queryset = queryset.filter(store_id=store)
    return (
        queryset.annotate(member_count=Count("members", distinct=True))
        .prefetch_related("members")
        .order_by("store__name", "kind", "name")
    )


def group_get(*, user: Actor, group_id: int) -> ServiceGroup:
    found = group_list(user=user).filter(pk=group_id).first()
    if found is None:
        raise NotFoundError()
    return found
