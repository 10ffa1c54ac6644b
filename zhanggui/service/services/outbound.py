"""Agents' replies leaving by a channel the shop sends on itself: email.

Kept apart from the receivers (``services.channels``) so that ``message_send`` can call
``outbound_deliver`` without importing them (they import ``messages``).
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction

from ..constants import Channel, MessageKind, SenderKind
from ..models import Message

logger = logging.getLogger(__name__)


def _email_reply_send(message_id: int) -> None:
    message = Message.objects.select_related("conversation__contact").get(pk=message_id)
    conversation = message.conversation
    earlier = (
        Message.objects.filter(conversation=conversation, sender_kind=SenderKind.BUYER, kind=MessageKind.EMAIL)
        .order_by("-pk")
        .first()
    )
    details = earlier.payload if earlier else {}
    subject = str(details.get("subject") or "")
    address = str(details.get("from") or conversation.contact.email)
    headers = {}
    if earlier is not None and earlier.external_id:
        headers = {"In-Reply-To": earlier.external_id, "References": earlier.external_id}
    email = EmailMessage(
        subject=subject if subject.lower().startswith("re:") else f"Re: {subject}".strip(),
        body=message.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[address],
        headers=headers,
    )
    try:
        email.send()
    except Exception:  # the reply stays in the thread; the agent sees it was not confirmed
        logger.warning("Could not send the email reply of message %s", message_id, exc_info=True)


def outbound_deliver(*, message: Message) -> None:
    """Send an agent's reply by the conversation's channel when the shop sends on it itself (an
    email conversation: by the email backend, once the transaction commits). Platform and widget
    replies reach the buyer by the platform's API and the chat page; nothing to do here.
    Call from ``message_send`` after the message is stored."""
    conversation = message.conversation
    if conversation.channel != Channel.EMAIL or message.sender_kind != SenderKind.AGENT:
        return
    if message.kind != MessageKind.TEXT or not conversation.contact.email:
        return
    transaction.on_commit(lambda: _email_reply_send(message.pk))
