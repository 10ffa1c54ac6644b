"""Who answers: giving a waiting conversation to an online agent with room, the greeting and the
reply outside business hours, draining the queue, and reassigning what nobody answered.

Fair rotation: among the online agents of the conversation's group (no group: the store's agents)
who hold fewer active conversations than their capacity, the one given a conversation longest ago
(never first), ties by staff id, takes it. Their presence rows are locked in a fixed order (by staff
id) while one is chosen, so two conversations arriving at once never both take an agent's last place.
Lock order everywhere: contact, conversation, then presence rows by staff id.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from zhanggui.stores.models import Store

from ..constants import EventKind, MessageKind, SenderKind
from ..models import AgentPresence, Conversation, ConversationEvent, Message, ServiceGroup, ServiceSettings
from ..selectors.agents import store_agents
from ..selectors.assignment import business_hours_open, service_settings_of
from ..states import ACTIVE_STATUSES, AgentStatus, ConversationStatus
from .live import conversation_publish, message_publish

AUTO_WELCOME = "welcome"
AUTO_OUTSIDE_HOURS = "outside_hours"


def _candidates(conversation: Conversation, *, exclude_staff_id: int | None = None) -> list[AgentPresence]:
    """The free online agents for the conversation, next in turn first; their rows stay locked."""
    if conversation.group_id is not None:
        members = ServiceGroup.members.through.objects.filter(servicegroup_id=conversation.group_id).values("staff_id")
    else:
        members = store_agents(conversation.store_id).values("pk")
    online = AgentPresence.objects.select_for_update(of=("self",)).filter(
        staff_id__in=members, status=AgentStatus.ONLINE, staff__is_active=True
    )
    if exclude_staff_id is not None:
        online = online.exclude(staff_id=exclude_staff_id)
    presences = list(online.order_by("staff_id"))
    held = dict(
        Conversation.objects.filter(assignee_id__in=[p.staff_id for p in presences], status__in=ACTIVE_STATUSES)
        .order_by()
        .values("assignee_id")
        .annotate(n=Count("pk"))
        .values_list("assignee_id", "n")
    )
    free = [p for p in presences if held.get(p.staff_id, 0) < p.capacity]
    never = dt.datetime.min.replace(tzinfo=dt.UTC)
    return sorted(free, key=lambda p: (p.last_assigned_at or never, p.staff_id))


def _give(
    conversation: Conversation,
    presence: AgentPresence,
    *,
    kind: str = EventKind.ASSIGNED,
    at: dt.datetime,
    actor_id: int | None = None,
    note: str = "",
) -> None:
    """Hand the (locked) conversation to the agent of ``presence`` and record it."""
    previous = conversation.assignee_id
    presence.last_assigned_at = at
    presence.save(update_fields=["last_assigned_at"])
    ConversationEvent.objects.create(
        conversation=conversation,
        kind=kind,
        actor_id=actor_id,
        from_staff_id=previous,
        to_staff_id=presence.staff_id,
        from_status=conversation.status,
        to_status=ConversationStatus.OPEN,
        note=note[:500],
        at=at,
    )
    conversation.assignee_id = presence.staff_id
    conversation.status = ConversationStatus.OPEN
    conversation.assigned_at = at
    conversation.save(update_fields=["assignee", "status", "assigned_at"])
    conversation_publish(conversation, previous_assignee_id=previous)


def conversation_assign_next(
    *, conversation: Conversation, exclude_staff_id: int | None = None, kind: str = EventKind.ASSIGNED
) -> bool:
    """Give the conversation (locked by the caller) to the next free agent; False when none is free."""
    free = _candidates(conversation, exclude_staff_id=exclude_staff_id)
    if not free:
        return False
    _give(conversation, free[0], kind=kind, at=timezone.now())
    return True


def _auto_reply(conversation: Conversation, *, reason: str, body: str, at: dt.datetime) -> None:
    # What ``messages.system_message_add`` does; that module imports this one, so not through it.
    message = Message.objects.create(
        conversation=conversation, sender_kind=SenderKind.SYSTEM, body=body, payload={"auto_reply": reason}
    )
    message_publish(message)
    ConversationEvent.objects.create(conversation=conversation, kind=EventKind.AUTO_REPLY, note=body[:500], at=at)


def _auto_replied(conversation: Conversation, reason: str, *, since: dt.datetime | None = None) -> bool:
    sent = Message.objects.filter(conversation=conversation, sender_kind=SenderKind.SYSTEM, payload__auto_reply=reason)
    if since is not None:
        sent = sent.filter(created_at__gte=since)
    return sent.exists()


def outside_hours_reply_text(settings: ServiceSettings) -> str:
    return settings.outside_hours_reply.strip() or _(
        "Thank you for your message. We are outside our business hours now; an agent will answer as soon as we open."
    )


def conversation_route(*, conversation: Conversation) -> Conversation:
    """After a buyer's message (inside its transaction, the conversation locked): greet a new
    conversation, then give a waiting one to the next free online agent of its group. Outside the
    store's business hours it stays queued and the buyer gets the automatic reply once per wait."""
    now = timezone.now()
    store = Store.objects.get(pk=conversation.store_id)
    settings = service_settings_of(store)
    is_open = business_hours_open(settings, store=store, at=now)
    is_new = conversation.created_at == conversation.last_message_at
    if is_new and is_open and settings.welcome_reply.strip() and not _auto_replied(conversation, AUTO_WELCOME):
        _auto_reply(conversation, reason=AUTO_WELCOME, body=settings.welcome_reply.strip(), at=now)
    if conversation.status != ConversationStatus.QUEUED or conversation.assignee_id is not None:
        return conversation
    if conversation.queued_at is None:
        conversation.queued_at = now
        conversation.save(update_fields=["queued_at"])
    if not is_open:
        if not _auto_replied(conversation, AUTO_OUTSIDE_HOURS, since=conversation.waiting_since):
            _auto_reply(conversation, reason=AUTO_OUTSIDE_HOURS, body=outside_hours_reply_text(settings), at=now)
        return conversation
    conversation_assign_next(conversation=conversation)
    return conversation


def _taken_from(conversation: Conversation) -> int | None:
    """The agent the conversation was last taken back from (unanswered, or by a lead): the queue
    drain does not hand it straight back to them; the buyer's next message may."""
    last = conversation.events.order_by("-at", "-pk").values_list("kind", "from_staff_id").first()
    return last[1] if last is not None and last[0] == EventKind.UNASSIGNED else None


def queue_drain(*, store: Store | int | None = None, group: ServiceGroup | None = None) -> int:
    """Give waiting conversations to free online agents, most urgent and longest waiting first, until
    each group (or store, for conversations without a group) has no free agent or is closed. One
    transaction per conversation. Returns how many were assigned."""
    waiting = Conversation.objects.filter(status=ConversationStatus.QUEUED, assignee__isnull=True)
    if store is not None:
        waiting = waiting.filter(store_id=store if isinstance(store, int) else store.pk)
    if group is not None:
        waiting = waiting.filter(group_id=group.pk)
    rows = list(waiting.order_by("-priority", "queued_at", "pk").values_list("pk", "store_id", "group_id"))
    full: set[tuple[int, int | None]] = set()
    hours: dict[int, bool] = {}
    assigned = 0
    for pk, store_id, group_id in rows:
        if (store_id, group_id) in full:
            continue
        if store_id not in hours:
            the_store = Store.objects.get(pk=store_id)
            hours[store_id] = business_hours_open(service_settings_of(the_store), store=the_store)
        if not hours[store_id]:
            continue
        with transaction.atomic():
            conversation = Conversation.objects.select_for_update().select_related("contact").get(pk=pk)
            if conversation.status != ConversationStatus.QUEUED or conversation.assignee_id is not None:
                continue
            left = _taken_from(conversation)
            # Another free agent first; the one it was taken from only if no one else is free.
            if conversation_assign_next(conversation=conversation, exclude_staff_id=left) or (
                left is not None and conversation_assign_next(conversation=conversation)
            ):
                assigned += 1
            else:
                full.add((store_id, group_id))
    return assigned


def _unanswered(now: dt.datetime) -> list[int]:
    minutes = dict(ServiceSettings.objects.values_list("store_id", "reassign_after_minutes"))
    default = ServiceSettings().reassign_after_minutes
    found = Conversation.objects.filter(
        status=ConversationStatus.OPEN,
        assignee__isnull=False,
        waiting_since__isnull=False,
        assigned_at__lte=now - dt.timedelta(minutes=1),
    ).values_list("pk", "store_id", "assigned_at")
    return [
        pk
        for pk, store_id, assigned_at in found
        if assigned_at is not None and assigned_at <= now - dt.timedelta(minutes=minutes.get(store_id, default))
    ]


def _waited_too_long(conversation: Conversation, now: dt.datetime) -> bool:
    """Whether the (locked) conversation's buyer has waited past the store's minutes for its agent:
    counted from the later of the assignment and the buyer's unanswered message. An agent who has
    answered since getting it keeps it while online (a conversation under way is not taken from
    them); one who is away or offline does not. Internal notes are no answer."""
    minutes = service_settings_of(conversation.store_id).reassign_after_minutes
    if (
        conversation.status != ConversationStatus.OPEN
        or conversation.assignee_id is None
        or conversation.waiting_since is None
        or conversation.assigned_at is None
        or max(conversation.assigned_at, conversation.waiting_since) > now - dt.timedelta(minutes=minutes)
    ):
        return False
    answered = (
        Message.objects.filter(
            conversation=conversation, sender_kind=SenderKind.AGENT, created_at__gte=conversation.assigned_at
        )
        .exclude(kind=MessageKind.NOTE)
        .exists()
    )
    online = AgentPresence.objects.filter(staff_id=conversation.assignee_id, status=AgentStatus.ONLINE).exists()
    return not (answered and online)


def conversation_reassign_unanswered(*, now: dt.datetime | None = None) -> int:
    """For the periodic task: an open conversation whose agent has not answered within the store's
    ``reassign_after_minutes`` of getting it (the buyer still waiting) goes to the next free agent,
    never the same one (REASSIGNED); with no one free it goes back to the queue (UNASSIGNED).
    Returns how many moved."""
    now = now or timezone.now()
    moved = 0
    for pk in _unanswered(now):
        with transaction.atomic():
            conversation = Conversation.objects.select_for_update().select_related("contact").get(pk=pk)
            if not _waited_too_long(conversation, now):
                continue
            previous = conversation.assignee_id
            if not conversation_assign_next(
                conversation=conversation, exclude_staff_id=previous, kind=EventKind.REASSIGNED
            ):
                conversation_requeue(conversation=conversation, at=now)
            moved += 1
    return moved


def conversation_requeue(
    *, conversation: Conversation, at: dt.datetime, actor_id: int | None = None, note: str = ""
) -> None:
    """Take the (locked) conversation from its agent back to the queue; it keeps its queue time."""
    previous = conversation.assignee_id
    ConversationEvent.objects.create(
        conversation=conversation,
        kind=EventKind.UNASSIGNED,
        actor_id=actor_id,
        from_staff_id=previous,
        from_status=conversation.status,
        to_status=ConversationStatus.QUEUED,
        note=note[:500],
        at=at,
    )
    conversation.assignee_id, conversation.assigned_at = None, None
    conversation.status = ConversationStatus.QUEUED
    conversation.queued_at = conversation.queued_at or at
    conversation.save(update_fields=["assignee", "assigned_at", "status", "queued_at"])
    conversation_publish(conversation, previous_assignee_id=previous)
