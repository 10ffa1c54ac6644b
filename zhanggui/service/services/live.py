"""Telling open consoles and the buyer's chat page what just changed, over the channel layer.

Groups (named in ``selectors.live``): ``service.group.<id>`` (the agents of a service group),
``service.store.<id>`` (every agent of the store: conversations without a group),
``service.leads.<id>`` (the store's leads, who see everything), ``service.agent.<staff id>`` (one
agent: what is assigned to them), ``service.chat.<conversation id>`` and
``service.visitor.<store id>.<visitor id>`` (the buyer's chat page: never internal notes).

Everything is sent once the transaction commits, so no one is told of a row they cannot read yet; a
send that fails loses nothing, because the console catches up from the database when it reconnects.
An event sent to several groups carries one ``event_id``: a socket in two of them passes it on once.
The agent socket checks each conversation against the agent's reach before passing it on.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

from ..constants import Channel, MessageKind
from ..models import ContactIdentity, Conversation, Message
from ..selectors.live import (
    conversation_data,
    group_of_agent,
    group_of_chat,
    group_of_leads,
    group_of_service_group,
    group_of_store,
    group_of_visitor,
    message_data,
)

logger = logging.getLogger(__name__)

__all__ = [
    "conversation_publish",
    "group_of_agent",
    "group_of_chat",
    "group_of_leads",
    "group_of_service_group",
    "group_of_store",
    "group_of_visitor",
    "message_publish",
]


def _staff_groups(conversation: Conversation, *, previous_assignee_id: int | None = None) -> list[str]:
    groups = [group_of_leads(conversation.store_id)]
    if conversation.group_id is None:
        groups.append(group_of_store(conversation.store_id))
    else:
        groups.append(group_of_service_group(conversation.group_id))
    for staff_id in sorted({conversation.assignee_id, previous_assignee_id} - {None}):  # type: ignore[type-var]
        groups.append(group_of_agent(staff_id))  # type: ignore[arg-type]
    return groups


def _visitor_groups(conversation: Conversation) -> list[str]:
    """The website visitors the buyer is known as (their chat sockets may predate the conversation)."""
    if conversation.channel != Channel.WEB:
        return []
    visitors = ContactIdentity.objects.filter(contact_id=conversation.contact_id, channel=Channel.WEB)
    return [group_of_visitor(conversation.store_id, v) for v in visitors.values_list("external_id", flat=True)]


def _send(sends: list[tuple[list[str], dict[str, Any]]]) -> None:
    """Each event to its groups, in one trip into the event loop (a web worker is sync)."""
    layer = get_channel_layer()
    if layer is None:
        return

    async def send_all() -> None:
        for groups, event in sends:
            for group in groups:
                try:
                    await layer.group_send(group, event)
                except Exception:  # the console catches up from the database when it reconnects
                    logger.warning("Could not tell %s of %s", group, event.get("kind"), exc_info=True)

    async_to_sync(send_all)()


def message_publish(message: Message) -> None:
    """After commit: the message to the staff who may see its conversation, and (unless it is an
    internal note) to the buyer's chat page."""
    conversation = message.conversation
    data = message_data(message)
    staff_event = {
        "type": "service.event",
        "event_id": uuid.uuid4().hex,
        "kind": "message",
        "conversation": conversation_data(conversation),
        "message": data,
    }
    sends = [(_staff_groups(conversation), staff_event)]
    if message.kind != MessageKind.NOTE:
        chat_event = {"type": "chat.event", "event_id": uuid.uuid4().hex, "kind": "message", "message": data}
        sends.append(([group_of_chat(conversation.pk), *_visitor_groups(conversation)], chat_event))
    transaction.on_commit(lambda: _send(sends))


def conversation_publish(conversation: Conversation, *, previous_assignee_id: int | None = None) -> None:
    """After commit: the conversation's new row (assigned, transferred, resolved …) to its staff,
    the agent it left included."""
    event = {
        "type": "service.event",
        "event_id": uuid.uuid4().hex,
        "kind": "conversation",
        "conversation": conversation_data(conversation),
    }
    groups = _staff_groups(conversation, previous_assignee_id=previous_assignee_id)
    transaction.on_commit(lambda: _send([(groups, event)]))
