"""The customer-service context's read surface."""

# --- canned replies (svc-data) ---
from .agents import agent_list, agent_status_of, group_get, group_list
from .assignment import business_hours_open, queue_count, queue_position, service_settings_of
from .canned import canned_categories, canned_reply_by_shortcut, canned_reply_get, canned_reply_list

# --- channels: the widget's reads, follow-ups, images ---
from .chat import chat_history, chat_image_file, chat_store, chat_visitor_conversation
from .conversations import (
    MESSAGES_PAGE,
    contact_conversations,
    contact_get,
    conversation_events,
    conversation_get,
    conversation_list,
    conversation_scope,
    conversation_visible,
    conversation_visible_filter,
    message_list,
)
from .figures import (
    MINE,
    QUEUE,
    TAB_FILTERS,
    UNANSWERED,
    agents_online,
    longest_wait_minutes,
    unanswered_filter,
    workspace_tab,
)
from .followups import followup_get, followup_list, followup_scope
from .history import AGENT_ROLES, conversation_history, first_response_seconds, service_agents
from .images import ImageFile, message_image_file

# --- suggestions, intents, knowledge panel ---
from .intents import intent_classify, intent_ranking
from .knowledge import KnowledgePanel, knowledge_panel_search, panel_store_get
from .suggestions import Suggestion, last_buyer_message, suggestions_for

__all__ = [
    "AGENT_ROLES",
    "MESSAGES_PAGE",
    "MINE",
    "QUEUE",
    "TAB_FILTERS",
    "UNANSWERED",
    "ImageFile",
    "agent_list",
    "agent_status_of",
    "agents_online",
    "business_hours_open",
    "canned_categories",
    "canned_reply_by_shortcut",
    "canned_reply_get",
    "canned_reply_list",
    "chat_history",
    "chat_image_file",
    "chat_store",
    "chat_visitor_conversation",
    "contact_conversations",
    "contact_get",
    "conversation_events",
    "conversation_get",
    "conversation_history",
    "conversation_list",
    "conversation_scope",
    "conversation_visible",
    "conversation_visible_filter",
    "first_response_seconds",
    "followup_get",
    "followup_list",
    "followup_scope",
    "group_get",
    "group_list",
    "longest_wait_minutes",
    "message_image_file",
    "message_list",
    "queue_count",
    "queue_position",
    "service_agents",
    "service_settings_of",
    "unanswered_filter",
    "workspace_tab",
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
