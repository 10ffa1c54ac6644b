"""The customer-service context's write surface."""

from .assignment import conversation_reassign_unanswered, conversation_route, queue_drain

# --- channels: platform chats, the widget, email, calls, follow-ups, images ---
from .calls import call_log

# --- canned replies, export (svc-data) ---
from .canned import (
    canned_reply_create,
    canned_reply_delete,
    canned_reply_editable,
    canned_reply_render,
    canned_reply_update,
    canned_reply_used,
    canned_text_fill,
    canned_variables,
)
from .cards import order_card_send, product_card_send, tracking_card_send  # workspace
from .channels import (
    Inbound,
    chat_message_receive,
    chat_rate_hold,
    email_inbound,
    inbound_receive,
    inbound_receive_by,
    platform_inbound,
)
from .contacts import contact_note_add, contact_resolve, contact_tags_set
from .exports import conversation_export
from .followups import followup_callback_for, followup_cancel, followup_create, followup_done
from .groups import group_create, group_update
from .images import message_image_delete, message_image_from_base64, message_image_store
from .live import conversation_publish, message_publish
from .messages import (
    Received,
    conversation_close_resolved_expired,
    conversation_reopen,
    conversation_resolve,
    message_receive,
    message_send,
    note_add,
    system_message_add,
)
from .outbound import outbound_deliver
from .presence import agent_capacity_set, agent_status_set
from .settings import service_settings_update
from .transfer import conversation_assign, conversation_transfer, conversation_unassign

__all__ = [
    "Inbound",
    "Received",
    "agent_capacity_set",
    "agent_status_set",
    "call_log",
    "canned_reply_create",
    "canned_reply_delete",
    "canned_reply_editable",
    "canned_reply_render",
    "canned_reply_update",
    "canned_reply_used",
    "canned_text_fill",
    "canned_variables",
    "chat_message_receive",
    "chat_rate_hold",
    "contact_note_add",
    "contact_resolve",
    "contact_tags_set",
    "conversation_assign",
    "conversation_close_resolved_expired",
    "conversation_export",
    "conversation_publish",
    "conversation_reassign_unanswered",
    "conversation_reopen",
    "conversation_resolve",
    "conversation_route",
    "conversation_transfer",
    "conversation_unassign",
    "email_inbound",
    "followup_callback_for",
    "followup_cancel",
    "followup_create",
    "followup_done",
    "group_create",
    "group_update",
    "inbound_receive",
    "inbound_receive_by",
    "message_image_delete",
    "message_image_from_base64",
    "message_image_store",
    "message_publish",
    "message_receive",
    "message_send",
    "note_add",
    "outbound_deliver",
    "platform_inbound",
    "queue_drain",
    "service_settings_update",
    "system_message_add",
]

# --- workspace: cards sent from the thread ---
__all__ += ["order_card_send", "product_card_send", "tracking_card_send"]
