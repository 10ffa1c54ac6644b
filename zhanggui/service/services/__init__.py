"""The customer-service context's write surface."""

from .assignment import conversation_route

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
from .contacts import contact_note_add, contact_resolve, contact_tags_set
from .exports import conversation_export
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
    "Received",
    "canned_reply_create",
    "canned_reply_delete",
    "canned_reply_editable",
    "canned_reply_render",
    "canned_reply_update",
    "canned_reply_used",
    "canned_text_fill",
    "canned_variables",
    "contact_note_add",
    "contact_resolve",
    "contact_tags_set",
    "conversation_close_resolved_expired",
    "conversation_export",
    "conversation_publish",
    "conversation_reopen",
    "conversation_resolve",
    "conversation_route",
    "message_publish",
    "message_receive",
    "message_send",
    "note_add",
    "system_message_add",
]

# --- workspace: cards sent from the thread ---
__all__ += ["order_card_send", "product_card_send", "tracking_card_send"]
