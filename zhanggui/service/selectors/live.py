"""What the live workspace is told, as plain JSON: a conversation's row and a message.

The websocket pushes these and the catch-up endpoint returns the same shapes, so a reconnecting
console merges both by id and shows each message once.
"""

from __future__ import annotations

from typing import Any

from ..constants import MessageKind
from ..models import Conversation, Message


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
