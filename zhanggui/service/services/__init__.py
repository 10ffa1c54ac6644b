"""The customer-service context's write surface."""

from .assignment import conversation_route
from .cards import order_card_send, product_card_send, tracking_card_send  # workspace
from .contacts import contact_note_add, contact_resolve, contact_tags_set
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
    "contact_note_add",
    "contact_resolve",
    "contact_tags_set",
    "conversation_close_resolved_expired",
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
