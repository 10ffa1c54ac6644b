"""The customer-service context's read surface."""

from .conversations import (
    MESSAGES_PAGE,
    contact_conversations,
    conversation_get,
    conversation_list,
    conversation_scope,
    conversation_visible,
    conversation_visible_filter,
    message_list,
)

__all__ = [
    "MESSAGES_PAGE",
    "contact_conversations",
    "conversation_get",
    "conversation_list",
    "conversation_scope",
    "conversation_visible",
    "conversation_visible_filter",
    "message_list",
]
