"""What the website chat widget reads: the store behind a chat page, and one visitor's own thread.

A visitor is known only by the random id of their signed cookie; they see the messages of their own
web conversations in that store (never internal notes) and the pictures in them, nothing else.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from zhanggui.core.exceptions import NotFoundError
from zhanggui.stores.models import Store

from ..constants import Channel, MessageKind
from ..models import Conversation, Message, ServiceSettings
from .images import ImageFile, image_file_open
from .live import CATCH_UP_ID_MARGIN, buyer_message_data, message_data

HISTORY_MAX = 200


def chat_store(store_code: str) -> tuple[Store, ServiceSettings | None]:
    """The active store whose chat page this is, and its settings; missing when the store is unknown,
    inactive, or has switched its website chat off."""
    store = Store.objects.filter(code=store_code, is_active=True).first()
    if store is None:
        raise NotFoundError()
    settings = ServiceSettings.objects.filter(store=store).first()
    if settings is not None and not settings.widget_enabled:
        raise NotFoundError()
    return store, settings


def _visitor_messages(store: Store, visitor_id: str) -> QuerySet[Message]:
    return Message.objects.filter(
        conversation__store=store,
        conversation__channel=Channel.WEB,
        conversation__contact__identities__channel=Channel.WEB,
        conversation__contact__identities__external_id=visitor_id,
    ).exclude(kind=MessageKind.NOTE)


def chat_visitor_conversation(*, store: Store, visitor_id: str) -> Conversation | None:
    """The visitor's latest web conversation in the store, if they ever wrote."""
    return (
        Conversation.objects.filter(
            store=store,
            channel=Channel.WEB,
            contact__identities__channel=Channel.WEB,
            contact__identities__external_id=visitor_id,
        )
        .order_by("-pk")
        .first()
    )


def chat_history(*, store: Store, visitor_id: str, after_id: int | None = None) -> list[dict[str, Any]]:
    """The visitor's messages oldest first (all after ``after_id``, or the latest ``HISTORY_MAX``),
    as the live layer's ``message_data``, with no staff ids and with ``image_url`` left for the view."""
    queryset = _visitor_messages(store, visitor_id)
    if after_id is not None:
        # A margin below ``after``, as the console's catch-up has (ids commit out of order); the
        # page shows each id once.
        messages = list(queryset.filter(pk__gt=after_id - CATCH_UP_ID_MARGIN).order_by("pk")[:HISTORY_MAX])
    else:
        messages = list(reversed(queryset.order_by("-pk")[:HISTORY_MAX]))
    return [buyer_message_data(message_data(message)) for message in messages]


def chat_image_file(*, store: Store, visitor_id: str, message_id: int) -> ImageFile:
    """A picture of the visitor's own conversation; missing for anyone else's."""
    message = _visitor_messages(store, visitor_id).filter(pk=message_id).first()
    if message is None or not message.image_name:
        raise NotFoundError()
    return image_file_open(message.image_name)
