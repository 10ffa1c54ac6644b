"""``GET /healthz``: the database, the task queue and the channel layer, each checked; with
``LIVE_REDIS_URL`` also the Redis that carries the live events to the websockets' hubs."""

from __future__ import annotations

import time
import uuid
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from huey.contrib.djhuey import HUEY

from . import policy
from .permissions import permission_required


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _task_queue() -> None:
    # Reading the queue length touches the queue's storage (SQLite file or Redis).
    HUEY.pending_count()


def _channel_layer() -> None:
    layer = get_channel_layer()
    if layer is None:
        raise RuntimeError("no channel layer configured")
    channel = async_to_sync(layer.new_channel)("healthz.")
    token = uuid.uuid4().hex
    async_to_sync(layer.send)(channel, {"type": "healthz", "token": token})
    message = async_to_sync(layer.receive)(channel)
    if message.get("token") != token:
        raise RuntimeError("channel layer returned another message")


def _live_redis() -> None:
    # The hubs hold a subscription there; a PING says Redis answers (the kernel checks Redis
    # itself, knowing nothing of the context that publishes).
    import redis

    client = redis.Redis.from_url(settings.LIVE_REDIS_URL, socket_timeout=2, socket_connect_timeout=2)
    try:
        if not client.ping():
            raise RuntimeError("Redis did not answer PING")
    finally:
        client.close()


CHECKS = {"database": _database, "task_queue": _task_queue, "channel_layer": _channel_layer}


def _checks() -> dict[str, Any]:
    if getattr(settings, "LIVE_REDIS_URL", ""):
        return {**CHECKS, "live_redis": _live_redis}
    return CHECKS


@never_cache
@permission_required(policy.PUBLIC)
def healthz(request: HttpRequest) -> JsonResponse:
    results: dict[str, Any] = {}
    healthy = True
    for name, check in _checks().items():
        started = time.perf_counter()
        try:
            check()
            results[name] = {"ok": True, "ms": round((time.perf_counter() - started) * 1000, 1)}
        except Exception as exc:  # noqa: BLE001 - any failure makes the check unhealthy
            healthy = False
            results[name] = {"ok": False, "error": exc.__class__.__name__}
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": results}, status=200 if healthy else 503
    )
