"""The conversation history (会话记录): every conversation the user may see, searched by buyer,
order number and message words, with the counts the history table shows; its export reads the same."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from zhanggui.accounts.models import Staff
from zhanggui.core.actors import Actor
from zhanggui.core.permissions import require_perm, spans_all_stores

from ..constants import MessageKind
from ..models import Conversation, Message
from .conversations import conversation_list


def conversation_history(*, user: Actor, filters: dict[str, Any] | None = None) -> QuerySet[Conversation]:
    """The ``conversation_list`` filters, plus ``nickname`` (contains), ``order_number`` (exact) and
    ``keyword`` (words of a message sent to or by the buyer, notes left out); newest first, each with
    ``message_count`` (notes left out)."""
    filters = dict(filters or {})
    nickname = (filters.pop("nickname", "") or "").strip()
    order_number = (filters.pop("order_number", "") or "").strip()
    keyword = (filters.pop("keyword", "") or "").strip()
    queryset = conversation_list(user=user, filters=filters)
    if nickname:
        queryset = queryset.filter(contact__nickname__icontains=nickname)
    if order_number:
        queryset = queryset.filter(order__platform_order_id=order_number)
    if keyword:
        said = Message.objects.filter(body__icontains=keyword).exclude(kind=MessageKind.NOTE)
        queryset = queryset.filter(pk__in=said.values("conversation_id"))
    return queryset.annotate(message_count=Count("messages", filter=~Q(messages__kind=MessageKind.NOTE))).order_by(
        "-created_at", "-pk"
    )


# Who answers buyers: the agents and their leads (managers and after-sales staff may answer too,
# but are not counted as the service team's agents).
AGENT_ROLES = ("cs_agent", "cs_lead")


def service_agents(*, user: Actor, store_id: int | None = None) -> QuerySet[Staff]:
    """Active agents and leads of ``store_id`` (or of ``user``'s stores), by name."""
    require_perm(user, "service.view")
    queryset = Staff.objects.filter(is_active=True, role__in=AGENT_ROLES)
    if store_id is not None:
        queryset = queryset.filter(stores=store_id)
    elif not spans_all_stores(user):
        assigned = user.stores.through.objects.filter(staff_id=user.pk).values("store_id")
        queryset = queryset.filter(stores__in=assigned)
    return queryset.distinct().order_by("display_name", "username")


def first_response_seconds(conversation: Conversation) -> int | None:
    """How long the buyer waited for the first answer, in seconds (none before one)."""
    if conversation.first_response_at is None:
        return None
    return max(0, int((conversation.first_response_at - conversation.created_at).total_seconds()))
