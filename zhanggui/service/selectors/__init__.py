"""The customer-service context's read surface."""

from .agents import agent_list, agent_status_of, group_get, group_list, online_agent_count
from .assignment import business_hours_open, queue_count, queue_position, service_settings_of
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

# --- suggestions, intents, knowledge panel ---
from .intents import intent_classify, intent_ranking
from .knowledge import KnowledgePanel, knowledge_panel_search, panel_store_get
from .suggestions import Suggestion, last_buyer_message, suggestions_for

__all__ = [
    "MESSAGES_PAGE",
    "agent_list",
    "agent_status_of",
    "business_hours_open",
    "contact_conversations",
    "conversation_get",
    "conversation_list",
    "conversation_scope",
    "conversation_visible",
    "conversation_visible_filter",
    "group_get",
    "group_list",
    "message_list",
    "online_agent_count",
    "queue_count",
    "queue_position",
    "service_settings_of",
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
