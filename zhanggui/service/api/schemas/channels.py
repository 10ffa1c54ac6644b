"""Schemas of the channels' API: platform chat webhooks, inbound email, the merchant's own
integration, phone calls and follow-ups (no ``from __future__``: ninja reads the annotations)."""

import datetime as dt
from typing import Any, Literal

from ninja import Field, Schema

Platform = Literal["taobao", "tmall", "jd", "pdd", "douyin"]
WebhookKind = Literal["text", "image", "product", "order"]


class Sender(Schema):
    id: str = Field(..., min_length=1, max_length=120, description="The buyer's id on the platform (member name)")
    nickname: str = Field("", max_length=80)
    phone: str = Field("", max_length=20, description="When the platform shares it; helps recognise the buyer")


class ProductRef(Schema):
    outer_id: str = Field("", max_length=40, description="商家编码")
    title: str = Field("", max_length=200)


class OrderRef(Schema):
    number: str = Field(..., min_length=1, max_length=40, description="The order's platform number")


class ChatWebhookIn(Schema):
    """``message.created``: one buyer message of a platform chat (千牛, 咚咚, PDD, Douyin)."""

    event: Literal["message.created"]
    platform: Platform
    thread_id: str = Field("", max_length=120, description="The platform's conversation id")
    message_id: str = Field(..., min_length=1, max_length=120, description="Stored once, however often sent")
    sender: Sender
    sent_at: dt.datetime | None = None
    type: WebhookKind = "text"
    text: str = Field("", max_length=2000)
    image_url: str = Field("", max_length=500, description="Kept and shown as a link; never fetched")
    image_base64: str = Field("", max_length=7_100_000, description="The picture itself (JPEG, PNG, WebP ≤ 5 MB)")
    product: ProductRef | None = None
    order: OrderRef | None = None


class EmailWebhookIn(Schema):
    """An inbound email as the mail gateway parsed it."""

    from_: str = Field(..., alias="from", min_length=3, max_length=120)
    from_name: str = Field("", max_length=80)
    to: str = Field("", max_length=120)
    subject: str = Field("", max_length=200)
    text: str = Field("", max_length=2000)
    message_id: str = Field("", max_length=120, description="The Message-ID header; stored once")
    in_reply_to: str = Field("", max_length=120)


class ReceivedOut(Schema):
    conversation_id: int
    message_id: int
    channel: str
    intent: str
    created: bool = Field(..., description="False when this message id was stored before")


class WebhookOut(Schema):
    delivery_id: str
    replayed: bool = Field(..., description="True when this delivery id was processed before; nothing was done again")
    result: dict[str, Any]


class InboundIn(Schema):
    """A buyer message from the merchant's own integration (a mini-program, a CRM, …)."""

    store_id: int
    channel: Literal["taobao", "jd", "pdd", "douyin", "web", "email"]
    sender_id: str = Field(..., min_length=1, max_length=120)
    message_id: str = Field("", max_length=120)
    thread_id: str = Field("", max_length=120)
    type: Literal["text", "image", "product", "order", "email"] = "text"
    text: str = Field("", max_length=2000)
    image_base64: str = Field("", max_length=7_100_000)
    nickname: str = Field("", max_length=80)
    phone: str = Field("", max_length=20)
    email: str = Field("", max_length=120)
    order_number: str = Field("", max_length=40)
    sent_at: dt.datetime | None = None


class CallIn(Schema):
    store_id: int
    call_id: str = Field(..., min_length=1, max_length=80)
    direction: Literal["inbound", "outbound"]
    phone: str = Field(..., min_length=3, max_length=20)
    started_at: dt.datetime
    duration_seconds: int = Field(0, ge=0)
    answered: bool = True
    agent: str = Field("", max_length=150, description="The agent's username, when one took the call")
    summary: str = Field("", max_length=2000)


class CallOut(Schema):
    id: int
    call_id: str
    contact_id: int
    conversation_id: int | None
    missed: bool
    follow_up_id: int | None
    created: bool = Field(..., description="False when this call id was logged before; nothing changed")


class FollowUpIn(Schema):
    contact_id: int
    kind: Literal["callback", "follow_up"] = "follow_up"
    note: str = Field("", max_length=500)
    due_at: dt.datetime
    conversation_id: int | None = None
    order_id: int | None = None
    assignee_id: int | None = None


class FollowUpOut(Schema):
    id: int
    store_id: int
    contact_id: int
    nickname: str
    conversation_id: int | None
    call_id: int | None
    order_id: int | None
    kind: str
    note: str
    due_at: dt.datetime
    assignee_id: int | None
    status: str
    created_at: dt.datetime
    done_at: dt.datetime | None


class FollowUpPageOut(Schema):
    """One page of follow-ups: ``?page=1&page_size=50`` (max 200)."""

    count: int
    count_capped: bool
    page: int
    page_size: int
    items: list[FollowUpOut]
