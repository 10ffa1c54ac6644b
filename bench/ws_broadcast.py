#!/usr/bin/env python3
"""The bare baseline of bench/inbox_fanout.py: a minimal websocket broadcast server (``websockets``).

    .venv/bin/python bench/ws_broadcast.py --port 18291

A client on ``/send`` is the buyer: every text frame it sends goes, as it is, to every other client
(the agents). No database, no channel layer, no checks: the floor of the live layer's cost.
"""

from __future__ import annotations

import argparse
import asyncio

import websockets
from websockets.asyncio.server import ServerConnection, broadcast, serve

listeners: set[ServerConnection] = set()


async def handler(connection: ServerConnection) -> None:
    path = connection.request.path if connection.request is not None else "/"
    if path.startswith("/send"):
        async for frame in connection:
            broadcast(listeners, frame)
        return
    listeners.add(connection)
    try:
        async for _frame in connection:  # the clients' pings are answered by the library
            pass
    except websockets.ConnectionClosed:
        pass
    finally:
        listeners.discard(connection)


async def main(port: int) -> None:
    async with serve(handler, "127.0.0.1", port, max_queue=None, compression=None) as server:
        await server.serve_forever()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=18291)
    asyncio.run(main(parser.parse_args().port))
