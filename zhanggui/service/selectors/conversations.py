"""Reading conversations: who may see which, the lists of the workspace, a thread's messages.

An agent sees the conversations of their stores that belong to one of their groups, have no group,
or are assigned to them; a lead (``service.assign``) sees every conversation of their stores. The
websocket applies the same rule (``conversation_visible``) to each conversation it tells about.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from zhanggui.core.actors import Actor
from zhanggui.core.exceptions import NotFoundError
from zhanggui.core.permissions import has_perm, require_perm, scope_to_stores, spans_all_stores

from ..models import Contact, Conversation, ConversationEvent, Message, ServiceGroup
from ..states import ACTIVE_STATUSES

MESSAGES_PAGE = 50


def _group_ids_of(user: Actor) -> QuerySet[Any]:
    return ServiceGroup.members.through.objects.filter(staff_id=user.pk).values("servicegroup_id")


def sees_every_group(user: Actor) -> bool:
    """Leads run every group's queue; the roles over all stores (the general manager) oversee them."""
    return has_perm(user, "service.assign") or spans_all_stores(user)


def conversation_visible_filter(user: Actor) -> Q:
    """The rows of the agent's groups (or of no group, or their own); everything for a lead."""
    if sees_every_group(user):
        return Q()
    return Q(group__isnull=True) | Q(group_id__in=_group_ids_of(user)) | Q(assignee_id=user.pk)


def conversation_scope(user: Actor) -> QuerySet[Conversation]:
    require_perm(user, "service.view")
    queryset = Conversation.objects.select_related("contact", "assignee", "group", "store", "order")
    return scope_to_stores(queryset, user).filter(conversation_visible_filter(user))


def conversation_visible(*, user: Actor, conversation_id: int) -> bool:
    """Whether ``user`` may see the conversation (the websocket asks before telling of it)."""
    if not has_perm(user, "service.view"):
        return False
    return conversation_scope(user).filter(pk=conversation_id).exists()


def conversation_get(*, user: Actor, conversation_id: int) -> Conversation:
    found = conversation_scope(user).filter(pk=conversation_id).first()
    if found is None:
        raise NotFoundError()
    return found


def contact_get(*, user: Actor, contact_id: int) -> Contact:
    """A buyer of the user's stores; another store's is missing, as a missing one is."""
    require_perm(user, "service.view")
    found = scope_to_stores(Contact.objects.all(), user).filter(pk=contact_id).first()
    if found is None:
        raise NotFoundError()
    return found


def conversation_list(*, user: Actor, filters: dict[str, Any] | None = None) -> QuerySet[Conversation]:
    """Filters: ``status`` (a status, or ``active``), ``mine``, ``unassigned``, ``store``, ``channel``,
    ``group``, ``intent``, ``priority``, ``assignee``, ``contact``, ``waiting_over`` (minutes), ``q``
    (buyer nickname, order number, or words of a message), ``started_from``/``started_to`` (dates).
    Active conversations come most urgent first, then longest waiting; others newest first."""
    filters = filters or {}
    queryset = conversation_scope(user)
    status = filters.get("status") or ""
    if status == "active":
        queryset = queryset.filter(status__in=ACTIVE_STATUSES)
    elif status:
        queryset = queryset.filter(status=status)
    if filters.get("mine"):
        queryset = queryset.filter(assignee_id=user.pk)
    if filters.get("unassigned"):
        queryset = queryset.filter(assignee__isnull=True)
    for key, lookup in (
        ("store", "store_id"),
        ("channel", "channel"),
        ("group", "group_id"),
        ("intent", "intent"),
        ("priority", "priority"),
        ("assignee", "assignee_id"),
        ("contact", "contact_id"),
    ):
        if filters.get(key) not in (None, ""):
            queryset = queryset.filter(**{lookup: filters[key]})
    if filters.get("waiting_over") not in (None, ""):
        since = timezone.now() - dt.timedelta(minutes=int(filters["waiting_over"]))
        queryset = queryset.filter(waiting_since__lte=since)
    if filters.get("started_from"):
        queryset = queryset.filter(created_at__date__gte=filters["started_from"])
    if filters.get("started_to"):
        queryset = queryset.filter(created_at__date__lte=filters["started_to"])
    words = (filters.get("q") or "").strip()
    if words:
        said = Message.objects.filter(body__icontains=words).exclude(kind="note").values("conversation_id")
        queryset = queryset.filter(
            Q(contact__nickname__icontains=words) | Q(order__platform_order_id=words) | Q(pk__in=said)
        )
    if status == "active":
        return queryset.order_by("-priority", "waiting_since", "queued_at", "pk")
    return queryset.order_by("-last_message_at", "-pk")


def message_list(
    *, user: Actor, conversation: Conversation, after_id: int | None = None, before_id: int | None = None
) -> list[Message]:
    """A page of the thread, oldest first: the newest ``MESSAGES_PAGE``, those older than
    ``before_id`` (scrolling back), or all after ``after_id`` (catching up)."""
    require_perm(user, "service.view")
    queryset = Message.objects.filter(conversation=conversation).select_related("sender_staff")
    if after_id is not None:
        return list(queryset.filter(pk__gt=after_id).order_by("pk"))
    if before_id is not None:
        queryset = queryset.filter(pk__lt=before_id)
    return list(reversed(queryset.order_by("-pk")[:MESSAGES_PAGE]))


def contact_conversations(*, user: Actor, contact_id: int, exclude_id: int | None = None) -> QuerySet[Conversation]:
    """The buyer's other conversations, newest first (the context pane's history)."""
    queryset = conversation_scope(user).filter(contact_id=contact_id)
    if exclude_id is not None:
        queryset = queryset.exclude(pk=exclude_id)
    return queryset.order_by("-created_at", "-pk")


def conversation_events(*, user: Actor, conversation: Conversation) -> QuerySet[ConversationEvent]:
    """What happened to the conversation, oldest first (assignments, transfers, status changes)."""
    require_perm(user, "service.view")
    return ConversationEvent.objects.filter(conversation=conversation).select_related("actor", "from_staff", "to_staff")
