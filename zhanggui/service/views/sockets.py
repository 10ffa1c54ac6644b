"""The live layer's websockets: the agent console's (``/ws/service/``) and the buyer's chat page's
(``/ws/chat/<store code>/``).

The Origin is checked by ``AllowedHostsOriginValidator`` in ``zhanggui.asgi`` before either runs.
Both are fed by the process's hub (``views.hub``), not by the channel layer: the hub routes each
event of ``services.live`` to the sockets of its store (agents) or of its chat keys (visitors).
Before an agent's socket passes an event on, it checks the conversation against the agent's reach,
read again from the database every ``REACH_SECONDS``: an agent moved out of a group stops hearing
its conversations within that time, one deactivated is disconnected. The chat socket is the
visitor's, by the widget page's signed token: it hears agents' and automatic messages of the
visitor's own conversations, never internal notes.

Messages to the client: ``{"kind": "message", "message": {...}, "conversation": {...}}`` and
``{"kind": "conversation", "conversation": {...}}``; ``{"kind": "pong"}`` answers ``{"kind": "ping"}``.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections import deque
from typing import Any
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from channels.sessions import InstanceSessionWrapper

from ..selectors.live import (
    BUYER_HEARS,
    Reach,
    agent_reach,
    chat_conversation_ids,
    chat_visitor_from_token,
    group_of_chat,
    group_of_visitor,
    store_id_of_code,
)
from .hub import Hub, direct_protocol, hub_joined

logger = logging.getLogger(__name__)

# Close codes (before accept: the client sees a refused handshake).
NOT_SIGNED_IN, FORBIDDEN, NOT_FOUND, UNAVAILABLE = 4401, 4403, 4404, 1011
TOO_SLOW = 1013  # "try again later": the client reconnects and catches up
REACH_SECONDS = 30.0
BACKLOG_LIMIT = 1000


class _Socket(AsyncJsonWebsocketConsumer):
    # No channel layer: the hub writes to these sockets, so each needs no channel of its own nor a
    # loop receiving from it (an alias that names no layer gives ``channel_layer = None``).
    channel_layer_alias = "zhanggui.service.hub"
    hub: Hub | None = None
    direct: Any = None  # uvicorn's protocol when the hub may write to its transport (views.hub)
    backlog: deque[dict[str, Any]] | None = None  # frames waiting for this socket's own writer
    flushing: asyncio.Future[Any] | None = None
    closing: asyncio.Future[Any] | None = None

    def send_later(self, message: dict[str, Any]) -> None:
        """``message`` after those waiting, by this socket's writer task; a console that falls
        ``BACKLOG_LIMIT`` frames behind is closed (it reconnects and catches up)."""
        if self.closing is not None:
            return
        if self.backlog is None:
            self.backlog = deque()
            self.flushing = asyncio.ensure_future(self._flush())
        self.backlog.append(message)
        if len(self.backlog) > BACKLOG_LIMIT:
            if self.flushing is not None:
                self.flushing.cancel()
            self.backlog = None
            self.closing = asyncio.ensure_future(self.close(code=TOO_SLOW))

    async def _flush(self) -> None:
        try:
            while self.backlog:
                await self.write(self.backlog[0])
                self.backlog.popleft()
        except Exception:  # closing meanwhile: its disconnect removes it from the hub
            logger.debug("A live frame was not written", exc_info=True)
        finally:
            if self.flushing is asyncio.current_task():
                self.backlog, self.flushing = None, None

    async def accept(self, subprotocol: str | None = None, headers: Any = None) -> None:
        await super().accept(subprotocol, headers)
        # The hub writes a live frame past Channels' session wrapper, which only saves a session on
        # accept and otherwise costs every frame a few attribute lookups (10 % of the process at
        # 25,000 frames/s, profiled): the ASGI server's own send, under the wrapper, if it is one.
        wrapper = getattr(self.base_send, "__self__", None)
        self.write = wrapper.real_send if isinstance(wrapper, InstanceSessionWrapper) else self.base_send
        self.direct = direct_protocol(self.write)

    async def _join_hub(self) -> bool:
        try:
            self.hub = await hub_joined(self)
        except Exception:  # noqa: BLE001 - no subscription, no live events: refuse, the client retries
            await self.close(code=UNAVAILABLE)
            return False
        return True

    async def disconnect(self, code: int) -> None:
        for name in ("refreshing", "draining", "flushing"):
            task = getattr(self, name, None)
            if task is not None:
                task.cancel()
        if self.hub is not None:
            self.hub.leave(self)
            self.hub = None

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        # The client's heartbeat: a socket that stops answering is one to reopen.
        if isinstance(content, dict) and content.get("kind") == "ping":
            await self.send_json({"kind": "pong", "t": content.get("t")})


class AgentSocket(_Socket):
    """``/ws/service/``: what changes in the conversations the signed-in agent may see."""

    refreshing: asyncio.Future[Any] | None = None
    draining: asyncio.Future[Any] | None = None

    async def connect(self) -> None:
        self.pending = deque[tuple[dict[str, Any], str]]()
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=NOT_SIGNED_IN)
            return
        self.staff_id = user.pk
        reach = await self._read_reach()
        if reach is None:
            await self.close(code=FORBIDDEN)
            return
        if not await self._join_hub():
            return
        await self.accept()
        self._place()

    def _place(self) -> None:
        if self.hub is not None and self.reach is not None:
            self.hub.place_agent(self, self.reach.store_ids)

    async def _read_reach(self) -> Reach | None:
        reach = await database_sync_to_async(agent_reach)(staff_id=self.staff_id)
        now = time.monotonic()
        # Read again in the background after 50–100 % of REACH_SECONDS (spread, so sockets opened
        # together do not read together, and no event waits on it); an event finding the reach
        # older than REACH_SECONDS waits for a fresh one.
        self.reach, self.read_at = reach, now
        self.refresh_at = now + REACH_SECONDS * random.uniform(0.5, 1.0)  # noqa: S311 - not a secret
        return reach

    async def _apply_reach(self) -> Reach | None:
        reach = await self._read_reach()
        if reach is None:
            self.pending.clear()
            await self.close(code=FORBIDDEN)
        else:
            self._place()
        return reach

    async def _refresh(self) -> None:
        try:
            await self._apply_reach()
        finally:
            self.refreshing = None

    def takes(self, row: dict[str, Any], frame: str, now: float) -> bool:
        """The hub's question, per event (once per event and socket: the hub drops a repeated
        event id): write ``frame`` now? An event finding the reach too old (or others waiting before
        it) waits, in order, for a fresh read: it is written then, or not."""
        if self.pending or self.draining is not None or now - self.read_at >= REACH_SECONDS:
            self.pending.append((row, frame))
            if self.draining is None:
                self.draining = asyncio.ensure_future(self._drain())
            return False
        if now >= self.refresh_at and self.refreshing is None:
            self.refreshing = asyncio.ensure_future(self._refresh())
        return self.reach is not None and self.reach.sees(row)

    async def _drain(self) -> None:
        try:
            while self.pending:
                if time.monotonic() - self.read_at >= REACH_SECONDS and await self._apply_reach() is None:
                    return
                row, frame = self.pending.popleft()
                if self.reach is not None and self.reach.sees(row):
                    self.send_later({"type": "websocket.send", "text": frame})
        finally:
            self.draining = None


class ChatSocket(_Socket):
    """``/ws/chat/<store code>/?token=…``: the answers to one website visitor."""

    async def connect(self) -> None:
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
        if not await self._join_hub():
            return
        await self.accept()
        self.keys = {group_of_visitor(self.store_id, self.visitor_id), *map(group_of_chat, conversations)}
        if self.hub is not None:
            self.hub.place_chat(self, self.keys)

    def takes_chat(self, facts: dict[str, Any]) -> bool:
        """The hub's question, per chat event: write its frame? (Its first key is its conversation's.)"""
        if facts["sender_kind"] not in BUYER_HEARS or facts["internal"]:
            return False  # internal notes are never published to chat keys; kept out here too
        chat = facts["keys"][0]
        if chat not in self.keys and self.hub is not None:  # a conversation the visitor's first message opened
            self.keys.add(chat)
            self.hub.place_chat(self, {chat})
        return True
