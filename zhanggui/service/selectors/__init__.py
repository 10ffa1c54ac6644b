"""The customer-service context's read surface."""

# --- channels: the widget's reads, follow-ups, images ---
from .chat import chat_history, chat_image_file, chat_store, chat_visitor_conversation
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
from .followups import followup_get, followup_list, followup_scope
from .images import ImageFile, message_image_file

# --- suggestions, intents, knowledge panel ---
from .intents import intent_classify, intent_ranking
from .knowledge import KnowledgePanel, knowledge_panel_search, panel_store_get
from .suggestions import Suggestion, last_buyer_message, suggestions_for

__all__ = [
    "MESSAGES_PAGE",
    "ImageFile",
    "chat_history",
    "chat_image_file",
    "chat_store",
    "chat_visitor_conversation",
    "contact_conversations",
    "conversation_get",
    "conversation_list",
    "conversation_scope",
    "conversation_visible",
    "conversation_visible_filter",
    "followup_get",
    "followup_list",
    "followup_scope",
    "message_image_file",
    "message_list",
]

# --- suggestions, intents, knowledge panel ---
__all__ += [
    "KnowledgePanel",
    "Suggestion",
    "intent_classify",
    "intent_ranking",
    "knowledge_panel_search",
    "last_buyer_message",
    "panel_store_get",
    "suggestions_for",
]
