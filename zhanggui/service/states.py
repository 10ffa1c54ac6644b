"""The conversation's state machine: one table of allowed moves (DESIGN.md, state machines)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import pgettext_lazy


class ConversationStatus(models.TextChoices):
    QUEUED = "queued", pgettext_lazy("conversation", "Waiting")  # 排队中: no agent yet
    OPEN = "open", pgettext_lazy("conversation", "In progress")  # 处理中: an agent has it
    RESOLVED = "resolved", pgettext_lazy("conversation", "Resolved")  # 已解决: the buyer may still write
    CLOSED = "closed", pgettext_lazy("conversation", "Closed")  # 已关闭: a new message opens a new one


S = ConversationStatus

# A buyer writing to a resolved conversation takes it back to the queue (or straight to its agent).
CONVERSATION_TRANSITIONS: dict[str, frozenset[str]] = {
    S.QUEUED: frozenset({S.OPEN, S.RESOLVED}),
    S.OPEN: frozenset({S.QUEUED, S.OPEN, S.RESOLVED}),  # OPEN → OPEN is a transfer
    S.RESOLVED: frozenset({S.QUEUED, S.OPEN, S.CLOSED}),
    S.CLOSED: frozenset(),
}

ACTIVE_STATUSES = frozenset({S.QUEUED, S.OPEN})


def conversation_can_move(current: str, target: str) -> bool:
    return target in CONVERSATION_TRANSITIONS.get(current, frozenset())


class AgentStatus(models.TextChoices):
    ONLINE = "online", pgettext_lazy("agent status", "Online")  # 在线: takes new conversations
    BUSY = "busy", pgettext_lazy("agent status", "Busy")  # 忙碌: keeps theirs, takes no new ones
    AWAY = "away", pgettext_lazy("agent status", "Away")  # 离开
    OFFLINE = "offline", pgettext_lazy("agent status", "Offline")  # 离线


class FollowUpStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("follow-up", "To do")
    DONE = "done", pgettext_lazy("follow-up", "Done")
    CANCELLED = "cancelled", pgettext_lazy("follow-up", "Cancelled")
