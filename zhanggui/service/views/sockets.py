"""The live layer's websockets: the agent console's (``/ws/service/``) and the buyer's chat page's
(``/ws/chat/<store code>/``).

The Origin is checked by ``AllowedHostsOriginValidator`` in ``zhanggui.asgi`` before either runs.
The agent socket listens on the groups of ``services.live`` the agent may hear, and before it passes
an event on, checks the conversation against the agent's reach, read again from the database every
``REACH_SECONDS``: an agent moved out of a group stops hearing its conversations within that time,
one deactivated is disconnected. The chat socket is the visitor's, by the widget page's signed token:
it hears agents' and automatic messages of the visitor's own conversations, never internal notes.

Messages to the client: ``{"kind": "message", "message": {...}, "conversation": {...}}`` and
``{"kind": "conversation", "conversation": {...}}``; ``{"kind": "pong"}`` answers ``{"kind": "ping"}``.
"""

from __future__ import annotations

import asyncio
import json
import random
import time
from collections import OrderedDict
from typing import Any
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from ..selectors.live import (
    BUYER_HEARS,
    Reach,
    agent_reach,
    all_store_ids,
    buyer_message_data,
    chat_conversation_ids,
    chat_visitor_from_token,
    group_of_chat,
    group_of_visitor,
    store_id_of_code,
)

# Close codes (before accept: the client sees a refused handshake).
NOT_SIGNED_IN, FORBIDDEN, NOT_FOUND = 4401, 4403, 4404
REACH_SECONDS = 30.0
SEEN_EVENTS = 512  # an event reaching one socket through two groups is passed on once
FRAMES: OrderedDict[str, str] = OrderedDict()  # an event's frame, encoded once for all its sockets


def _frame(event_id: str | None, out: dict[str, Any]) -> str:
    if not event_id:
        return json.dumps(out)
    frame = FRAMES.get(event_id)
    if frame is None:
        frame = FRAMES[event_id] = json.dumps(out)
        if len(FRAMES) > SEEN_EVENTS:
            FRAMES.popitem(last=False)
    return frame


class _Seen:
    """The last event ids a socket passed on."""

    def __init__(self) -> None:
        self.ids: OrderedDict[str, None] = OrderedDict()

    def first_time(self, event_id: str | None) -> bool:
        if not event_id:
            return True
        if event_id in self.ids:
            return False
        self.ids[event_id] = None
        if len(self.ids) > SEEN_EVENTS:
            self.ids.popitem(last=False)
        return True


LIVE_EVENTS = {"service.event": "service_event", "chat.event": "chat_event"}


class _Socket(AsyncJsonWebsocketConsumer):
    groups_joined: set[str]

    async def dispatch(self, message: dict[str, Any]) -> None:
        # Channels closes stale database connections before every handler, a hop to the one
        # database thread: at 500 sockets × 50 events/s that hop alone caps the process near 1,000
        # events/s. The live events' handlers use the database only through database_sync_to_async,
        # which closes stale connections itself.
        handler = LIVE_EVENTS.get(message.get("type", ""))
        if handler is not None:
            await getattr(self, handler)(message)
            return
        await super().dispatch(message)

    async def _join(self, wanted: set[str]) -> None:
        for group in sorted(wanted - self.groups_joined):
            await self.channel_layer.group_add(group, self.channel_name)
        for group in sorted(self.groups_joined - wanted):
            await self.channel_layer.group_discard(group, self.channel_name)
        self.groups_joined = set(wanted)

    async def disconnect(self, code: int) -> None:
        refreshing = getattr(self, "refreshing", None)
        if refreshing is not None:
            refreshing.cancel()
        for group in getattr(self, "groups_joined", set()):
            await self.channel_layer.group_discard(group, self.channel_name)
        self.groups_joined = set()

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        # The client's heartbeat: a socket that stops answering is one to reopen.
        if isinstance(content, dict) and content.get("kind") == "ping":
            await self.send_json({"kind": "pong", "t": content.get("t")})


class AgentSocket(_Socket):
    """``/ws/service/``: what changes in the conversations the signed-in agent may see."""

    async def connect(self) -> None:
        self.groups_joined, self.seen = set(), _Seen()
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=NOT_SIGNED_IN)
            return
        self.staff_id = user.pk
        reach = await self._read_reach()
        if reach is None:
            await self.close(code=FORBIDDEN)
            return
        await self._join(self.wanted)
        await self.accept()

    async def _read_reach(self) -> Reach | None:
        reach, stores = await database_sync_to_async(_reach_and_stores)(self.staff_id)
        now = time.monotonic()
        # Read again in the background after 50–100 % of REACH_SECONDS (spread, so sockets opened
        # together do not read together, and no event waits on it); an event finding the reach
        # older than REACH_SECONDS waits for a fresh one.
        self.reach, self.read_at = reach, now
        self.refresh_at = now + REACH_SECONDS * random.uniform(0.5, 1.0)  # noqa: S311 - not a secret
        if reach is not None:
            self.wanted = reach.groups(stores)
        return reach

    async def _apply_reach(self) -> Reach | None:
        reach = await self._read_reach()
        if reach is None:
            await self.close(code=FORBIDDEN)
        else:
            await self._join(self.wanted)
        return reach

    async def _refresh(self) -> None:
        try:
            await self._apply_reach()
        finally:
            self.refreshing = None

    async def _current_reach(self) -> Reach | None:
        now = time.monotonic()
        if now - self.read_at >= REACH_SECONDS:
            return await self._apply_reach()
        if now >= self.refresh_at and getattr(self, "refreshing", None) is None:
            self.refreshing = asyncio.ensure_future(self._refresh())
        return self.reach

    async def service_event(self, event: dict[str, Any]) -> None:
        if not self.seen.first_time(event.get("event_id")):
            return
        reach = await self._current_reach()
        if reach is None or not reach.sees(event["conversation"]):
            return
        out = {"kind": event["kind"], "conversation": event["conversation"]}
        if "message" in event:
            out["message"] = event["message"]
        await self.send(text_data=_frame(event.get("event_id"), out))


def _reach_and_stores(staff_id: int) -> tuple[Reach | None, list[int]]:
    reach = agent_reach(staff_id=staff_id)
    stores = all_store_ids() if reach is not None and reach.store_ids is None else []
    return reach, stores


class ChatSocket(_Socket):
    """``/ws/chat/<store code>/?token=…``: the answers to one website visitor."""

    async def connect(self) -> None:
        self.groups_joined, self.seen = set(), _Seen()
        query = parse_qs(self.scope.get("query_string", b"").decode("latin-1"))
        found = chat_visitor_from_token((query.get("token") or [""])[0])
        store_id = await database_sync_to_async(store_id_of_code)(self.scope["url_route"]["kwargs"]["store_code"])
        if found is None or store_id is None or found[0] != store_id:
            await self.close(code=NOT_SIGNED_IN if found is None else NOT_FOUND)
            return
        self.store_id, self.visitor_id = found
        conversations = await database_sync_to_async(chat_conversation_ids)(
            store_id=self.store_id, visitor_id=self.visitor_id
        )
        await self._join({group_of_visitor(self.store_id, self.visitor_id), *map(group_of_chat, conversations)})
        await self.accept()

    async def chat_event(self, event: dict[str, Any]) -> None:
        message = event["message"]
        if not self.seen.first_time(event.get("event_id")) or message["sender_kind"] not in BUYER_HEARS:
            return
        if message["kind"] == "note" or message.get("is_internal"):
            return  # never sent to the chat groups; kept out here too
        chat = group_of_chat(message["conversation_id"])
        if chat not in self.groups_joined:  # a conversation the visitor's first message opened
            await self._join({*self.groups_joined, chat})
        await self.send_json({"kind": "message", "message": buyer_message_data(message)})
