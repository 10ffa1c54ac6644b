"""The workspace's tabs as filters, and the figures the home cards count with them: each card's
number is the number of rows its link opens (the same selector, the same filters)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Min, Q, QuerySet
from django.utils import timezone

from zhanggui.core.actors import Actor

from ..constants import UNANSWERED_ALERT_MINUTES
from ..models import Conversation, ServiceSettings
from ..states import AgentStatus, ConversationStatus
from .agents import agent_list
from .conversations import conversation_list

QUEUE, MINE, UNANSWERED = "queue", "mine", "unanswered"
# The workspace's ``?tab=`` and the ``conversation_list`` filters it stands for.
TAB_FILTERS: dict[str, dict[str, Any]] = {
    QUEUE: {"status": ConversationStatus.QUEUED, "unassigned": True},
    MINE: {"status": "active", "mine": True},
    UNANSWERED: {"status": "active"},  # and ``unanswered_filter``
}


def unanswered_filter(queryset: QuerySet[Conversation], *, now: dt.datetime | None = None) -> QuerySet[Conversation]:
    """The conversations of ``queryset`` whose buyer has waited longer than their store's
    ``unanswered_alert_minutes`` (``UNANSWERED_ALERT_MINUTES`` where the store sets none)."""
    now = now or timezone.now()

    def waited(minutes: int) -> Q:
        return Q(waiting_since__lt=now - dt.timedelta(minutes=minutes))

    custom = dict(ServiceSettings.objects.values_list("store_id", "unanswered_alert_minutes"))
    condition = ~Q(store_id__in=list(custom)) & waited(UNANSWERED_ALERT_MINUTES)
    for store_id, minutes in custom.items():
        condition |= Q(store_id=store_id) & waited(minutes)
    return queryset.filter(condition)


def workspace_tab(*, user: Actor, tab: str, now: dt.datetime | None = None) -> QuerySet[Conversation]:
    """The conversations of the workspace's ``tab`` (``queue``, ``mine``, ``unanswered``)."""
    queryset = conversation_list(user=user, filters=TAB_FILTERS[tab])
    if tab == UNANSWERED:
        queryset = unanswered_filter(queryset, now=now)
    return queryset


def longest_wait_minutes(*, user: Actor, now: dt.datetime | None = None) -> int:
    """How long the longest-waiting buyer of the queue has waited, in whole minutes (0: nobody waits)."""
    now = now or timezone.now()
    oldest = workspace_tab(user=user, tab=QUEUE).aggregate(since=Min("waiting_since"))["since"]
    if oldest is None:
        return 0
    return max(0, int((now - oldest).total_seconds() // 60))


def agents_online(*, user: Actor, store: int | None = None) -> tuple[int, int]:
    """(agents online, agents) of ``user``'s stores: the rows of the agents page (``agent_list``)."""
    rows = agent_list(user=user, store=store)
    return sum(1 for row in rows if row.status == AgentStatus.ONLINE), len(rows)
