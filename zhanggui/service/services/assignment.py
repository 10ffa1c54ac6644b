"""Who answers: routing a conversation to a group and giving it to an online agent with room.

Fair rotation: among the online agents of the conversation's group who hold fewer conversations
than their capacity, the one given a conversation longest ago (never first) takes it. Agents'
presence rows are locked in a fixed order (by staff id) while one is chosen, so two conversations
arriving at once never both pick the same last free place.
"""

from __future__ import annotations

from django.db.models import Count
from django.utils import timezone

from zhanggui.accounts.models import Staff

from ..constants import EventKind
from ..models import AgentPresence, Conversation, ConversationEvent, ServiceGroup
from ..states import ACTIVE_STATUSES, AgentStatus, ConversationStatus
from .live import conversation_publish


def _candidates(conversation: Conversation) -> list[AgentPresence]:
    if conversation.group_id is not None:
        members = ServiceGroup.members.through.objects.filter(servicegroup_id=conversation.group_id).values("staff_id")
    else:
        members = Staff.stores.through.objects.filter(store_id=conversation.store_id).values("staff_id")
    presences = list(
        AgentPresence.objects.select_for_update()
        .filter(staff_id__in=members, status=AgentStatus.ONLINE, staff__is_active=True)
        .order_by("staff_id")
    )
    held = dict(
        Conversation.objects.filter(assignee_id__in=[p.staff_id for p in presences], status__in=ACTIVE_STATUSES)
        .values_list("assignee_id")
        .annotate(n=Count("pk"))
        .values_list("assignee_id", "n")
    )
    free = [p for p in presences if held.get(p.staff_id, 0) < p.capacity]
    return sorted(
        free, key=lambda p: (p.last_assigned_at is not None, p.last_assigned_at or timezone.now(), p.staff_id)
    )


def conversation_route(*, conversation: Conversation) -> Conversation:
    """Give a waiting conversation to the next free online agent of its group; leave it queued
    (with its queue time) when there is none. Call inside the transaction that queued it."""
    if conversation.status != ConversationStatus.QUEUED or conversation.assignee_id is not None:
        return conversation
    now = timezone.now()
    if conversation.queued_at is None:
        conversation.queued_at = now
        conversation.save(update_fields=["queued_at"])
    free = _candidates(conversation)
    if not free:
        return conversation
    chosen = free[0]
    chosen.last_assigned_at = now
    chosen.save(update_fields=["last_assigned_at"])
    conversation.assignee_id = chosen.staff_id
    conversation.status = ConversationStatus.OPEN
    conversation.assigned_at = now
    conversation.save(update_fields=["assignee", "status", "assigned_at"])
    ConversationEvent.objects.create(
        conversation=conversation,
        kind=EventKind.ASSIGNED,
        to_staff_id=chosen.staff_id,
        from_status=ConversationStatus.QUEUED,
        to_status=ConversationStatus.OPEN,
        at=now,
    )
    conversation_publish(conversation)
    return conversation
