"""Telling open consoles and the buyer's chat page what just changed, over the channel layer.

Groups: ``service.group.<id>`` (the agents of a service group), ``service.store.<id>`` (every agent
of the store: conversations without a group), ``service.leads.<id>`` (the store's leads, who see
everything), ``service.agent.<staff id>`` (one agent: what is assigned to them), and
``service.chat.<conversation id>`` (the buyer's chat page: never internal notes). Everything is sent
once the transaction commits, so no one is told of a row they cannot read yet; a send that fails
loses nothing, because the console catches up from the database when it reconnects.
"""

from __future__ import annotations

import logging
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

from ..constants import MessageKind
from ..models import Conversation, Message
from ..selectors.live import conversation_data, message_data

logger = logging.getLogger(__name__)


def group_of_service_group(group_id: int) -> str:
    return f"service.group.{group_id}"


def group_of_store(store_id: int) -> str:
    return f"service.store.{store_id}"


def group_of_leads(store_id: int) -> str:
    return f"service.leads.{store_id}"


def group_of_agent(staff_id: int) -> str:
    return f"service.agent.{staff_id}"


def group_of_chat(conversation_id: int) -> str:
    return f"service.chat.{conversation_id}"


def _staff_groups(conversation: Conversation, *, previous_assignee_id: int | None = None) -> list[str]:
    groups = [group_of_leads(conversation.store_id)]
    if conversation.group_id is None:
        groups.append(group_of_store(conversation.store_id))
    else:
        groups.append(group_of_service_group(conversation.group_id))
    for staff_id in {conversation.assignee_id, previous_assignee_id} - {None}:
        groups.append(group_of_agent(staff_id))  # type: ignore[arg-type]
    return groups


def _send(groups: list[str], event: dict[str, Any]) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    for group in groups:
        try:
            async_to_sync(layer.group_send)(group, event)
        except Exception:  # the console catches up from the database when it reconnects
            logger.warning("Could not tell %s of %s", group, event.get("kind"), exc_info=True)


def message_publish(message: Message) -> None:
    """After commit: the message to the staff who may see its conversation, and (unless it is an
    internal note) to the buyer's chat page."""
    conversation = message.conversation
    staff_event = {
        "type": "service.event",
        "kind": "message",
        "conversation": conversation_data(conversation),
        "message": message_data(message),
    }
    groups = _staff_groups(conversation)

    def send() -> None:
        _send(groups, staff_event)
        if message.kind != MessageKind.NOTE:
            _send(
                [group_of_chat(conversation.pk)],
                {"type": "chat.event", "kind": "message", "message": message_data(message)},
            )

    transaction.on_commit(send)


def conversation_publish(conversation: Conversation, *, previous_assignee_id: int | None = None) -> None:
    """After commit: the conversation's new row (assigned, transferred, resolved …) to its staff,
    the agent it left included."""
    event = {"type": "service.event", "kind": "conversation", "conversation": conversation_data(conversation)}
    groups = _staff_groups(conversation, previous_assignee_id=previous_assignee_id)
    transaction.on_commit(lambda: _send(groups, event))
