"""Shared helpers of the channels' tests: signed webhook calls and small pictures."""

from __future__ import annotations

import io
import json
import time
from typing import Any

from django.test import Client
from PIL import Image

from zhanggui.stores.selectors import webhook_signature

SECRET = "whsec-service-0123456789abcdef"


def signed_post(path: str, payload: Any, *, delivery: str = "dlv-1", secret: str = SECRET) -> Any:
    body = json.dumps(payload).encode()
    sent = int(time.time())
    headers = {
        "X-Zhanggui-Timestamp": str(sent),
        "X-Zhanggui-Delivery": delivery,
        "X-Zhanggui-Signature": webhook_signature(secret=secret, timestamp=sent, body=body),
    }
    return Client(HTTP_ACCEPT_LANGUAGE="en").post(path, body, content_type="application/json", headers=headers)


def picture(image_format: str = "PNG", size: tuple[int, int] = (64, 48)) -> io.BytesIO:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, image_format)
    out.seek(0)
    return out


def chat_event(**fields: Any) -> dict[str, Any]:
    return {
        "event": "message.created",
        "platform": "taobao",
        "thread_id": "th-1",
        "message_id": "m-1",
        "sender": {"id": "tb_lily", "nickname": "lily"},
        "sent_at": "2026-12-07T10:00:00+08:00",
        "type": "text",
        "text": "什么时候发货？",
        **fields,
    }


def an_order(store: Any, number: str, *, nickname: str = "buyer_of_order") -> Any:
    """A bare order of ``store`` with its buyer (what buyer recognition reads)."""
    from zhanggui.orders.models import Buyer, Order

    buyer = Buyer.objects.create(store=store, nickname=nickname)
    return Order.objects.create(store=store, platform_order_id=number, buyer=buyer)
