"""The customer-service context's write surface."""

from .assignment import conversation_route

# --- channels: platform chats, the widget, email, calls, follow-ups, images ---
from .calls import call_log
from .channels import (
    Inbound,
    chat_message_receive,
    chat_rate_hold,
    email_inbound,
    inbound_receive,
    inbound_receive_by,
    outbound_deliver,
    platform_inbound,
)
from .contacts import contact_note_add, contact_resolve, contact_tags_set
from .followups import followup_callback_for, followup_cancel, followup_create, followup_done
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

__all__ = [
    "Inbound",
    "Received",
    "call_log",
    "chat_message_receive",
    "chat_rate_hold",
    "contact_note_add",
    "contact_resolve",
    "contact_tags_set",
    "conversation_close_resolved_expired",
    "conversation_publish",
    "conversation_reopen",
    "conversation_resolve",
    "conversation_route",
    "email_inbound",
    "followup_callback_for",
    "followup_cancel",
    "followup_create",
    "followup_done",
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
    "system_message_add",
]
