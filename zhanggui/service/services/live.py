"""Telling open consoles and the buyer's chat page what just changed: one publication per event.

Each event is published once, after its transaction commits (no one is told of a row they cannot
read yet), as one text: a line of routing facts in JSON, a newline, and the frame the sockets pass
on, JSON-encoded once here for all of them. The sockets' hub (``views.hub``, one per process)
receives every publication and routes it by the facts to its local sockets, each checked against
its agent's reach; no socket is addressed here.

- With ``LIVE_REDIS_URL`` (production: ``REDIS_URL``): one ``PUBLISH`` to ``zg:<db>:service:<store id>``
  on a connection pool of this process; every process's hub holds one pattern subscription.
- Without (tests, ``make run`` without Redis): handed to the hubs of this process, each on its
  event loop. (Events of another process, such as Huey's, then reach no socket.)

Routing facts: ``id`` (one per event: a socket passes an event on once), ``to`` (``staff``: the
agents who may see the conversation, by ``store``, ``group``, ``assignee``, and ``previous``, the
agent it left; ``chat``: the buyer's chat sockets, by ``keys``, the conversation's and its
visitors', with ``sender_kind`` and ``internal``: internal notes never go to the chat page). A
publication that fails loses nothing for good: the console catches up from the database when it
reconnects.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
import uuid
from collections.abc import Callable
from typing import Any
from urllib.parse import urlparse

from django.conf import settings
from django.db import transaction

from ..constants import Channel, MessageKind
from ..models import ContactIdentity, Conversation, Message
from ..selectors.live import (
    buyer_message_data,
    conversation_data,
    group_of_chat,
    group_of_visitor,
    message_data,
)

logger = logging.getLogger(__name__)

__all__ = ["conversation_publish", "message_publish"]


# The hubs of this process without Redis: (their event loop, what takes a publication).
Listener = tuple[asyncio.AbstractEventLoop, Callable[[str], None]]
LOCAL_LISTENERS: list[Listener] = []
_pools: dict[str, Any] = {}  # by URL: one pool per process, created at its first publication
_pool_lock = threading.Lock()


def redis_url() -> str:
    return getattr(settings, "LIVE_REDIS_URL", "") or ""


def channel_prefix() -> str:
    """``zg:<db>:service:``: Redis's pub/sub ignores the database number, so the name carries it
    (two sites on one Redis, each in its own database, do not hear each other)."""
    return f"zg:{urlparse(redis_url()).path.strip('/') or '0'}:service:"


def _redis() -> Any:
    """The sync client on this process's pool, created at the first publication (after a fork)."""
    import redis

    url = redis_url()
    with _pool_lock:
        pool = _pools.get(url)
        if pool is None:
            pool = _pools[url] = redis.ConnectionPool.from_url(url)
    return redis.Redis(connection_pool=pool)


def encode(facts: dict[str, Any], frame: str) -> str:
    return json.dumps(facts, separators=(",", ":")) + "\n" + frame


def decode(text: str) -> tuple[dict[str, Any], str]:
    facts, _newline, frame = text.partition("\n")  # json.dumps never writes a raw newline
    return json.loads(facts), frame


def publish(store_id: int, text: str) -> None:
    """One publication to every hub (Redis, or this process's); a failure is logged, not raised."""
    try:
        if redis_url():
            _redis().publish(f"{channel_prefix()}{store_id}", text)
            return
        for loop, take in list(LOCAL_LISTENERS):
            try:
                loop.call_soon_threadsafe(take, text)
            except RuntimeError:  # its loop closed without the hub stopping
                with _pool_lock:
                    if (loop, take) in LOCAL_LISTENERS:
                        LOCAL_LISTENERS.remove((loop, take))
    except Exception:  # the console catches up from the database when it reconnects
        logger.warning("Could not publish a live event of store %s", store_id, exc_info=True)


def listen_locally(listener: Listener) -> None:
    with _pool_lock:
        LOCAL_LISTENERS.append(listener)


def stop_listening_locally(listener: Listener) -> None:
    with _pool_lock:
        if listener in LOCAL_LISTENERS:
            LOCAL_LISTENERS.remove(listener)


def _staff_facts(conversation: Conversation, *, previous_assignee_id: int | None = None) -> dict[str, Any]:
    return {
        "id": uuid.uuid4().hex,
        "to": "staff",
        "store": conversation.store_id,
        "group": conversation.group_id,
        "assignee": conversation.assignee_id,
        "previous": previous_assignee_id,
    }


def _visitor_keys(conversation: Conversation) -> list[str]:
    """The website visitors the buyer is known as (their chat sockets may predate the conversation)."""
    visitors = ContactIdentity.objects.filter(contact_id=conversation.contact_id, channel=Channel.WEB)
    return [group_of_visitor(conversation.store_id, v) for v in visitors.values_list("external_id", flat=True)]


def message_publish(message: Message) -> None:
    """After commit: the message to the staff who may see its conversation, and (unless it is an
    internal note) to the buyer's chat page of a website conversation."""
    conversation = message.conversation
    data = message_data(message)
    staff = {"kind": "message", "conversation": conversation_data(conversation), "message": data}
    texts = [encode({**_staff_facts(conversation), "internal": data["is_internal"]}, json.dumps(staff))]
    if message.kind != MessageKind.NOTE and conversation.channel == Channel.WEB:
        # (chat sockets hear website conversations only: no other conversation has a listener)
        facts = {
            "id": uuid.uuid4().hex,
            "to": "chat",
            "keys": [group_of_chat(conversation.pk), *_visitor_keys(conversation)],
            "sender_kind": message.sender_kind,
            "internal": False,
        }
        texts.append(encode(facts, json.dumps({"kind": "message", "message": buyer_message_data(data)})))
    store_id = conversation.store_id

    def publish_all() -> None:
        for text in texts:
            publish(store_id, text)

    transaction.on_commit(publish_all)


def conversation_publish(conversation: Conversation, *, previous_assignee_id: int | None = None) -> None:
    """After commit: the conversation's new row (assigned, transferred, resolved …) to its staff,
    the agent it left included."""
    facts = {**_staff_facts(conversation, previous_assignee_id=previous_assignee_id), "internal": False}
    text = encode(facts, json.dumps({"kind": "conversation", "conversation": conversation_data(conversation)}))
    store_id = conversation.store_id
    transaction.on_commit(lambda: publish(store_id, text))
