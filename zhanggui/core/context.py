"""Who is acting and from where, for the audit log.

Set per request by middleware and per task by the task wrapper; a ContextVar is local to the
thread or coroutine, so nothing leaks between requests or assumes a single process.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_client_ip: ContextVar[str | None] = ContextVar("zhanggui_client_ip", default=None)


def client_ip() -> str | None:
    return _client_ip.get()


@contextmanager
def acting_from(ip: str | None) -> Iterator[None]:
    token = _client_ip.set(ip)
    try:
        yield
    finally:
        _client_ip.reset(token)
