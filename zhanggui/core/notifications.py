"""Telling signed-in staff what just happened, on their websocket group (``consumers.NotificationConsumer``)."""

from __future__ import annotations

import logging
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from .consumers import staff_group

logger = logging.getLogger(__name__)


def staff_notify(*, staff_id: int, kind: str, payload: dict[str, Any]) -> None:
    """Send ``{"kind", "payload"}`` to every console the staff member has open.

    Call it once the change it speaks of is committed (from a task, or in ``transaction.on_commit``),
    so no one is told of something they cannot see yet.
    """
    layer = get_channel_layer()
    try:
        async_to_sync(layer.group_send)(staff_group(staff_id), {"type": "notify", "kind": kind, "payload": payload})
    except Exception:  # a notification is a courtesy: the page shows the same state and the work is done
        logger.warning("Could not notify staff member %s of %s", staff_id, kind, exc_info=True)
