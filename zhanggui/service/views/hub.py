"""The live sockets' hub: one per process (per event loop), routing every publication of
``services.live`` to the process's own sockets.

Why: Channels' groups cost one channel-layer message per socket and event (``group_send`` → the
socket's queue → its receive loop → its handler → ``send``); at 500 agents × 50 events a second that
dispatch, not the network, was the limit. Here an event is one publication (one ``PUBLISH``), the
process holds one subscription (a pattern ``PSUBSCRIBE``, or without Redis a hand-over onto its
event loop), the frame is encoded once by the publisher, and the hub writes it straight to every
local socket whose agent may see the conversation, one after another in the order of publication.

The hub keeps only connection state: which open socket listens for which store (agents) or which
chat keys (visitors). It starts with the first socket of the process and stops with the last. If its
subscription fails, it closes its sockets: the consoles reconnect and catch up from the database.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from typing import Any

from websockets.frames import Frame, Opcode
from websockets.protocol import State

from ..services.live import channel_prefix, decode, listen_locally, redis_url, stop_listening_locally

logger = logging.getLogger(__name__)
SERVICE_RESTART = 1012  # the close code a client reconnects after
SEEN_EVENTS = 512


class Hub:
    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.members: set[Any] = set()
        self.agents: dict[int | None, dict[Any, None]] = {}  # store id (None: every store) → sockets
        self.agent_stores: dict[Any, list[int | None]] = {}
        self.chats: dict[str, dict[Any, None]] = {}  # chat key → sockets
        self.chat_keys: dict[Any, set[str]] = {}
        self.ready: asyncio.Future[None] = loop.create_future()
        self.task: asyncio.Task[None] | None = None
        self.queue: asyncio.Queue[str] | None = None
        self.listener: tuple[asyncio.AbstractEventLoop, Any] | None = None
        # Exactly once: each socket is asked once per event (one entry per store, chat sockets
        # united over the event's keys), and an event id seen again is dropped here, for all.
        self.seen: OrderedDict[str, None] = OrderedDict()

    # --- the sockets -------------------------------------------------------------------------

    def place_agent(self, socket: Any, store_ids: frozenset[int] | None) -> None:
        """The stores an agent's socket hears (None: every store); again after each reach read."""
        wanted: list[int | None] = [None] if store_ids is None else sorted(store_ids)
        for store in self.agent_stores.pop(socket, []):
            self.agents.get(store, {}).pop(socket, None)
        if socket not in self.members:
            return
        for store in wanted:
            self.agents.setdefault(store, {})[socket] = None
        self.agent_stores[socket] = wanted

    def place_chat(self, socket: Any, keys: set[str]) -> None:
        """Chat keys a visitor's socket hears, added to those it had."""
        if socket not in self.members:
            return
        for key in keys:
            self.chats.setdefault(key, {})[socket] = None
        self.chat_keys.setdefault(socket, set()).update(keys)

    def leave(self, socket: Any) -> None:
        self.members.discard(socket)
        for store in self.agent_stores.pop(socket, []):
            self.agents.get(store, {}).pop(socket, None)
        for key in self.chat_keys.pop(socket, set()):
            sockets = self.chats.get(key, {})
            sockets.pop(socket, None)
            if not sockets:
                self.chats.pop(key, None)
        if not self.members:
            self.stop()

    # --- the subscription --------------------------------------------------------------------

    def start(self) -> None:
        if redis_url():
            self.task = self.loop.create_task(self._listen_redis())
        else:
            self.queue = asyncio.Queue()
            self.listener = (self.loop, self.queue.put_nowait)
            listen_locally(self.listener)
            self.ready.set_result(None)
            self.task = self.loop.create_task(self._listen_locally())

    def stop(self) -> None:
        if HUBS.get(self.loop) is self:
            del HUBS[self.loop]
        if self.listener is not None:
            stop_listening_locally(self.listener)
            self.listener = None
        if self.task is not None and not self.task.done():
            self.task.cancel()
        if not self.ready.done():
            self.ready.cancel()

    async def _listen_locally(self) -> None:
        assert self.queue is not None
        while True:
            await self.deliver(await self.queue.get())

    async def _listen_redis(self) -> None:
        import redis.asyncio as aioredis

        client = aioredis.from_url(redis_url())
        pubsub = client.pubsub()
        try:
            await pubsub.psubscribe(channel_prefix() + "*")
            while True:  # subscribed once Redis confirms: from then on no publication is missed
                message = await pubsub.get_message(timeout=5.0)
                if message is not None and message["type"] == "psubscribe":
                    break
            self.ready.set_result(None)
            while True:
                message = await pubsub.get_message(ignore_subscribe_messages=True, timeout=None)
                if message is not None and message["type"] == "pmessage":
                    await self.deliver(message["data"].decode())
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            logger.warning("The live hub lost its Redis subscription; closing its sockets", exc_info=True)
            if not self.ready.done():
                self.ready.set_exception(exc)
            self.stop()
            for socket in list(self.members):
                await socket.close(code=SERVICE_RESTART)
        finally:
            await pubsub.aclose()
            await client.aclose()

    # --- the routing -------------------------------------------------------------------------

    async def deliver(self, text: str) -> None:
        try:
            facts, frame = decode(text)
            if facts["id"] in self.seen:
                return
            self.seen[facts["id"]] = None
            if len(self.seen) > SEEN_EVENTS:
                self.seen.popitem(last=False)
            if facts["to"] == "staff":
                row = {
                    "store_id": facts["store"],
                    "group_id": facts["group"],
                    "assignee_id": facts["assignee"],
                    "previous_assignee_id": facts.get("previous"),
                }
                sockets = [*self.agents.get(facts["store"], ()), *self.agents.get(None, ())]
                now = time.monotonic()
                takers = [s for s in sockets if s.takes(row, frame, now)]
            else:
                found: dict[Any, None] = {}
                for key in facts["keys"]:
                    found.update(self.chats.get(key, {}))
                takers = [s for s in found if s.takes_chat(facts)]
        except Exception:  # one bad publication must not stop the hub
            logger.exception("A live event could not be routed")
            return
        # In one pass, without waiting: each socket's transport takes the bytes at once (the kernel
        # or the transport buffers them). A socket that cannot (paused by a slow reader, or not on
        # uvicorn) gets the frame in its own queue, written by its own task in order, so one slow
        # console never holds up the others.
        message = {"type": "websocket.send", "text": frame}  # (read, never changed, by the server)
        wire: bytes | None = None
        for socket in takers:
            direct = socket.direct
            if socket.backlog is None and direct is not None and writes_directly(direct):
                if wire is None:
                    wire = Frame(Opcode.TEXT, frame.encode()).serialize(mask=False)
                direct.transport.write(wire)
            else:
                socket.send_later(message)


HUBS: dict[asyncio.AbstractEventLoop, Hub] = {}

# --- the direct write -------------------------------------------------------------------------
# A server's frame is not masked, so without an extension (compression) its bytes are the same on
# every socket: the hub serializes an event's frame once and writes those bytes to the socket's
# transport, where uvicorn's ``send`` would frame it again per socket (half the hub's time at
# 25,000 frames/s, profiled). Only on uvicorn's websockets-sansio protocol, and only when that
# ``send`` would write at once (open, accepted, not paused, not closing); any other server or
# state takes the ASGI ``send``.


def direct_protocol(send: Any) -> Any:
    """The uvicorn protocol under an ASGI ``send``, if the hub may write to its transport."""
    try:
        from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol
    except ImportError:  # pragma: no cover - another server
        return None
    protocol = getattr(send, "__self__", None)
    return protocol if isinstance(protocol, WebSocketsSansIOProtocol) else None


def writes_directly(protocol: Any) -> bool:
    return (
        protocol.writable.is_set()
        and protocol.handshake_complete
        and not (protocol.disconnected or protocol.close_sent or protocol.conn.extensions)
        and protocol.initial_response is None
        and protocol.conn.state is State.OPEN
        and not protocol.transport.is_closing()
    )


async def hub_joined(socket: Any) -> Hub:
    """The hub of this event loop, started if it was not, with ``socket`` a member; raises if its
    subscription could not be made."""
    loop = asyncio.get_running_loop()
    hub = HUBS.get(loop)
    if hub is None:
        hub = HUBS[loop] = Hub(loop)
        hub.start()
    hub.members.add(socket)
    try:
        await asyncio.shield(hub.ready)
    except BaseException:
        hub.leave(socket)
        raise
    return hub
