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

# --- channels: the widget's reads, follow-ups, images ---
from .chat import chat_history, chat_image_file, chat_store, chat_visitor_conversation
from .followups import followup_get, followup_list, followup_scope
from .images import ImageFile, message_image_file

__all__ = [
    "MESSAGES_PAGE",
    "contact_conversations",
    "conversation_get",
    "conversation_list",
    "conversation_scope",
    "conversation_visible",
    "conversation_visible_filter",
    "message_list",
    # --- channels ---
    "ImageFile",
    "chat_history",
    "chat_image_file",
    "chat_store",
    "chat_visitor_conversation",
    "followup_get",
    "followup_list",
    "followup_scope",
    "message_image_file",
]
