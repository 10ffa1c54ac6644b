"""What the live workspace is told, as plain JSON: a conversation's row and a message.

The websocket pushes these and the catch-up endpoint returns the same shapes, so a reconnecting
console merges both by id and shows each message once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.core import signing
from django.db.models import Q

from zhanggui.core.actors import Actor
from zhanggui.core.permissions import has_perm, store_ids_for
from zhanggui.stores.models import Store

from ..constants import Channel, MessageKind, SenderKind
from ..models import ContactIdentity, Conversation, ConversationEvent, Message, ServiceGroup, ServiceSettings
from ..states import ConversationStatus
from .conversations import conversation_scope, sees_every_group

# --- the chat sockets' keys (``services.live`` publishes to them, the hub routes by them) ------


def group_of_chat(conversation_id: int) -> str:
    return f"service.chat.{conversation_id}"


def group_of_visitor(store_id: int, visitor_id: str) -> str:
    """A website visitor's chat sockets, before and after their first message opens a conversation.
    (Keys keep ASCII letters, digits, ``-_.`` only, up to 99 characters.)"""
    safe = "".join(c if c.isascii() and (c.isalnum() or c in "-_.") else "_" for c in visitor_id)
    return f"service.visitor.{store_id}.{safe}"[:99]


def _moment(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def conversation_data(conversation: Conversation) -> dict[str, Any]:
    return {
        "id": conversation.pk,
        "store_id": conversation.store_id,
        "contact_id": conversation.contact_id,
        "nickname": conversation.contact.nickname,
        "channel": conversation.channel,
        "status": conversation.status,
        "group_id": conversation.group_id,
        "assignee_id": conversation.assignee_id,
        "priority": conversation.priority,
        "intent": conversation.intent,
        "waiting_since": _moment(conversation.waiting_since),
        "queued_at": _moment(conversation.queued_at),
        "last_message_at": _moment(conversation.last_message_at),
        "last_message_preview": conversation.last_message_preview,
    }


def message_data(message: Message) -> dict[str, Any]:
    """A message as the thread shows it; an image by its URL (served to those who may see it)."""
    return {
        "id": message.pk,
        "conversation_id": message.conversation_id,
        "sender_kind": message.sender_kind,
        "sender_staff_id": message.sender_staff_id,
        "kind": message.kind,
        "body": message.body,
        "payload": message.payload,
        "has_image": bool(message.image_name),
        "intent": message.intent,
        "created_at": _moment(message.created_at),
        "is_internal": message.kind == MessageKind.NOTE,
    }


# --- the buyer's chat: the widget page's visitor token ---------------------------------------
# The widget page puts ``chat_visitor_token(store, visitor)`` in the page; the chat socket and the
# widget's HTTP endpoints read it back. Signed, so a visitor cannot read another visitor's chat.

VISITOR_SALT = "service.chat.visitor"
VISITOR_TOKEN_MAX_AGE = 7 * 24 * 3600


def chat_visitor_token(store_id: int, visitor_id: str) -> str:
    return signing.dumps({"store": store_id, "visitor": visitor_id}, salt=VISITOR_SALT, compress=True)


def chat_visitor_from_token(token: str) -> tuple[int, str] | None:
    """(store id, visitor id) of a token signed here less than 7 days ago; None for anything else."""
    try:
        value = signing.loads(token or "", salt=VISITOR_SALT, max_age=VISITOR_TOKEN_MAX_AGE)
    except signing.BadSignature:  # expired tokens too (SignatureExpired is a BadSignature)
        return None
    if not isinstance(value, dict):
        return None
    store_id, visitor_id = value.get("store"), value.get("visitor")
    if not isinstance(store_id, int) or not isinstance(visitor_id, str) or not visitor_id:
        return None
    return store_id, visitor_id


def buyer_message_data(data: dict[str, Any]) -> dict[str, Any]:
    """What the buyer's page is shown of a message: not which agent wrote it, nor its intent."""
    return {key: data[key] for key in BUYER_FIELDS}


BUYER_FIELDS = ("id", "conversation_id", "sender_kind", "kind", "body", "payload", "has_image", "created_at")
BUYER_HEARS = frozenset({SenderKind.AGENT, SenderKind.SYSTEM})


def chat_conversation_ids(*, store_id: int, visitor_id: str) -> list[int]:
    """The visitor's website conversations in the store that are not closed (their chat socket's)."""
    contacts = ContactIdentity.objects.filter(store_id=store_id, channel=Channel.WEB, external_id=visitor_id)
    return list(
        Conversation.objects.filter(
            store_id=store_id, channel=Channel.WEB, contact_id__in=contacts.values("contact_id")
        )
        .exclude(status=ConversationStatus.CLOSED)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


# --- the console's catch-up -----------------------------------------------------------------
# Ids are taken when a row is inserted but seen when its transaction commits, so under concurrency
# a message with a lower id can appear after a higher one was delivered. The catch-up therefore
# returns a margin below ``after`` (by id and by time) and the client drops the ids it has.

CATCH_UP_ID_MARGIN = 200
CATCH_UP_TIME_MARGIN = dt.timedelta(minutes=2)
CATCH_UP_LIMIT = 1000


def _after(after_id: int, *, last_seen: dt.datetime | None = None) -> Q:
    if after_id <= 0:
        return Q()
    window = Q(pk__gt=after_id - CATCH_UP_ID_MARGIN)
    if last_seen is not None:
        window |= Q(created_at__gte=last_seen - CATCH_UP_TIME_MARGIN)
    return window


def live_catch_up(*, user: Actor, after_id: int, last_seen: dt.datetime | None = None) -> dict[str, Any]:
    """What a reconnecting console may have missed: the messages of conversations ``user`` may see
    with an id above ``after_id`` (at most ``CATCH_UP_LIMIT``; ``has_more`` says to ask again from
    ``last_id``), plus the margin below it (ids less ``CATCH_UP_ID_MARGIN``, or written within two
    minutes before ``last_seen``, the time of the client's last event), notes included; and the
    conversations they belong to or that were assigned, transferred or resolved since then."""
    visible = conversation_scope(user)
    if after_id <= 0:
        # A console with nothing yet loads its lists by HTTP; the catch-up only starts the count.
        last = Message.objects.filter(conversation__in=visible.values("pk")).order_by("-pk").first()
        return {"messages": [], "conversations": [], "last_id": last.pk if last else 0, "has_more": False}
    mine = Message.objects.filter(conversation_id__in=visible.values("pk"))
    # New rows first, so the margin of rows already seen never crowds them out of the limit.
    new = list(mine.filter(pk__gt=after_id).order_by("pk")[: CATCH_UP_LIMIT + 1])
    has_more = len(new) > CATCH_UP_LIMIT
    new = new[:CATCH_UP_LIMIT]
    margin = list(mine.filter(pk__lte=after_id).filter(_after(after_id, last_seen=last_seen)).order_by("pk"))
    messages = margin[-CATCH_UP_LIMIT:] + new
    touched = Q(pk__in={m.conversation_id for m in messages})
    if last_seen is not None:
        since = last_seen - CATCH_UP_TIME_MARGIN
        touched |= Q(pk__in=ConversationEvent.objects.filter(at__gte=since).values("conversation_id"))
    return {
        "messages": [message_data(m) for m in messages],
        "conversations": [conversation_data(c) for c in visible.filter(touched).order_by("pk")],
        "last_id": max([after_id, *(m.pk for m in new)]),
        "has_more": has_more,
    }


# --- the agent socket's right to hear ---------------------------------------------------------


@dataclass(frozen=True)
class Reach:
    """What an agent's socket may hear, read from the database: their stores (None: every store),
    their service groups in those stores, and whether they lead (``service.assign``)."""

    staff_id: int
    store_ids: frozenset[int] | None
    group_ids: frozenset[int]
    lead: bool

    def sees(self, conversation: dict[str, Any]) -> bool:
        """``conversation_visible`` for a conversation's row as ``conversation_data`` wrote it,
        without a query: the same rule as ``conversation_visible_filter``."""
        if self.store_ids is not None and conversation["store_id"] not in self.store_ids:
            return False
        if self.lead:
            return True
        # The agent it was just taken from hears that once, so their list drops it.
        return (
            conversation["group_id"] is None
            or conversation["group_id"] in self.group_ids
            or self.staff_id in (conversation["assignee_id"], conversation.get("previous_assignee_id"))
        )


def agent_reach(*, staff_id: int) -> Reach | None:
    """The agent's reach as the database has it now (None: inactive, or no ``service.view``): the
    socket reads it on connect and again every half minute, so a change of role, stores or groups
    takes effect on open sockets too."""
    user = get_user_model().objects.filter(pk=staff_id).first()
    if user is None or not has_perm(user, "service.view"):
        return None
    store_ids = store_ids_for(user)
    groups = ServiceGroup.members.through.objects.filter(staff_id=staff_id)
    if store_ids is not None:
        groups = groups.filter(servicegroup__store_id__in=store_ids)
    return Reach(
        staff_id=staff_id,
        store_ids=None if store_ids is None else frozenset(store_ids),
        group_ids=frozenset(groups.values_list("servicegroup_id", flat=True)),
        lead=sees_every_group(user),
    )


def store_id_of_code(code: str) -> int | None:
    """The store whose website chat is open at ``code`` (active, its widget not switched off)."""
    closed = ServiceSettings.objects.filter(widget_enabled=False).values("store_id")
    return Store.objects.filter(code=code, is_active=True).exclude(pk__in=closed).values_list("pk", flat=True).first()
