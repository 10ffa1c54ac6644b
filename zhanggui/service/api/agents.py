"""Agents' presence API (``/api/v1/service/agents``): the team with status and load, one's own
status, a lead setting an agent's status or capacity."""

from typing import Any

from django.http import HttpRequest

from zhanggui.accounts.selectors import staff_get
from zhanggui.core.api import ApiRouter, Id, api_permission
from zhanggui.core.exceptions import NotFoundError

from .. import selectors, services
from ..selectors.agents import AgentRow
from .schemas.assignment import AgentCapacityIn, AgentOut, AgentStatusIn, TeamSummaryOut

router = ApiRouter(tags=["service agents"])


def agent_out(row: AgentRow) -> dict[str, Any]:
    return {
        "id": row.staff.pk,
        "username": row.staff.username,
        "name": str(row.staff),
        "status": row.status,
        "capacity": row.capacity,
        "holding": row.holding,
        "status_since": row.since,
        "last_assigned_at": row.last_assigned_at,
    }


def _agent_answer(request: HttpRequest, staff_id: int) -> dict[str, Any]:
    for row in selectors.agent_list(user=request.auth):
        if row.staff.pk == staff_id:
            return agent_out(row)
    raise NotFoundError()


def _agent_of(request: HttpRequest, staff_id: int) -> Any:
    """An agent the caller sees in their team list (others are missing)."""
    _agent_answer(request, staff_id)
    return staff_get(staff_id=staff_id)


@router.get("", response=list[AgentOut], summary="List agents with their status and load")
@api_permission("service.view")
def agent_list_get(request: HttpRequest, store: Id | None = None, status: str = "") -> Any:
    """Online first, then busy, away, offline; ``store`` narrows to one of your stores."""
    return [agent_out(row) for row in selectors.agent_list(user=request.auth, store=store, status=status)]


@router.get("/summary", response=TeamSummaryOut, summary="Count online agents and waiting buyers")
@api_permission("service.view")
def agent_summary(request: HttpRequest, store: Id | None = None) -> Any:
    return {
        "online_agents": selectors.agents_online(user=request.auth, store=store)[0],
        "waiting": selectors.queue_count(user=request.auth, store=store),
    }


@router.put("/me/status", response=AgentOut, summary="Set your own status (在线 / 忙碌 / 离开 / 离线)")
@api_permission("service.reply")
def agent_status_own(request: HttpRequest, data: AgentStatusIn) -> Any:
    """Going online gives you waiting conversations of your groups, up to your capacity."""
    services.agent_status_set(by=request.auth, staff=request.auth, status=data.status)
    return _agent_answer(request, request.auth.pk)


@router.put("/{int:staff_id}/status", response=AgentOut, summary="Set an agent's status")
@api_permission("service.assign")
def agent_status_put(request: HttpRequest, staff_id: Id, data: AgentStatusIn) -> Any:
    staff = _agent_of(request, staff_id)
    services.agent_status_set(by=request.auth, staff=staff, status=data.status)
    return _agent_answer(request, staff_id)


@router.put("/{int:staff_id}/capacity", response=AgentOut, summary="Set how many conversations an agent takes")
@api_permission("service.assign")
def agent_capacity_put(request: HttpRequest, staff_id: Id, data: AgentCapacityIn) -> Any:
    staff = _agent_of(request, staff_id)
    services.agent_capacity_set(by=request.auth, staff=staff, capacity=data.capacity)
    return _agent_answer(request, staff_id)
