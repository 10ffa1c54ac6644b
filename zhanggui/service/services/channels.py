"""The channels' receivers: a platform chat's webhook event, an inbound email, the merchant's own
integration, and the website chat widget each become one ``message_receive`` call; and the way an
agent's reply leaves by a channel the shop itself sends on (email).

Platforms (千牛, 咚咚, PDD, Douyin) push their chat through one documented contract
(docs/service-channels.md): the platform's message id is kept, so a message sent twice is stored once.
A picture arrives as base64 data checked by content; a picture by URL is never fetched (the URL is
kept in the payload and shown as a link).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import IO, Any

from django.core.cache import cache
from django.utils.translation import gettext as _

from zhanggui.core.actors import Actor
from zhanggui.core.exceptions import RateLimitedError, ValidationFailed
from zhanggui.core.permissions import require_perm, require_store_access
from zhanggui.stores.models import Store

from ..constants import Channel, MessageKind
from .images import message_image_delete, message_image_from_base64, message_image_store
from .messages import Received, message_receive

# Platform names a webhook may send → our channel (Tmall shops answer in 千牛 like Taobao's).
PLATFORMS = {
    "taobao": Channel.TAOBAO,
    "tmall": Channel.TAOBAO,
    "jd": Channel.JD,
    "pdd": Channel.PDD,
    "douyin": Channel.DOUYIN,
}
WEBHOOK_KINDS = {
    "text": MessageKind.TEXT,
    "image": MessageKind.IMAGE,
    "product": MessageKind.PRODUCT,
    "order": MessageKind.ORDER,
}
# The widget's limits: messages a minute per visitor and per address (a shared office NAT sends more).
CHAT_MESSAGES_PER_MINUTE = 20
CHAT_MESSAGES_PER_MINUTE_PER_IP = 60


@dataclass(frozen=True)
class Inbound:
    """One buyer message as a channel delivers it, before it is stored."""

    channel: str
    sender_id: str
    kind: str = MessageKind.TEXT
    text: str = ""
    message_id: str = ""
    thread_id: str = ""
    sent_at: dt.datetime | None = None
    nickname: str = ""
    phone: str = ""
    email: str = ""
    order_number: str = ""
    payload: dict[str, Any] = field(default_factory=dict)
    image_base64: str = ""


def _stored(store: Store, inbound: Inbound, *, image_name: str = "") -> Received:
    """``message_receive`` once per message id; a picture written for a message already stored (or
    refused) is removed again."""
    try:
        received = message_receive(
            store=store,
            channel=inbound.channel,
            sender_id=inbound.sender_id,
            body=inbound.text,
            kind=inbound.kind,
            payload=inbound.payload,
            image_name=image_name,
            message_id=inbound.message_id,
            thread_id=inbound.thread_id,
            sent_at=inbound.sent_at,
            nickname=inbound.nickname,
            phone=inbound.phone,
            email=inbound.email,
            order_number=inbound.order_number,
        )
    except BaseException:
        message_image_delete(image_name)
        raise
    if image_name and not received.created:
        message_image_delete(image_name)
    return received


def inbound_receive(*, store: Store, inbound: Inbound) -> Received:
    """Store one message a platform or an integration delivers (its picture checked first)."""
    if inbound.channel not in Channel.values:
        raise ValidationFailed.for_field("channel", _("Unknown channel."))
    if inbound.kind == MessageKind.IMAGE and not inbound.image_base64 and not inbound.payload.get("image_url"):
        raise ValidationFailed.for_field("image_base64", _("Send the picture's data or its URL."))
    image_name = message_image_from_base64(data=inbound.image_base64) if inbound.image_base64 else ""
    return _stored(store, inbound, image_name=image_name)


def inbound_receive_by(*, by: Actor, store: Store, inbound: Inbound) -> Received:
    """The merchant's own integration (``POST /api/v1/service/messages/inbound``): a staff token
    with ``service.reply`` for one of its stores."""
    require_perm(by, "service.reply")
    require_store_access(by, store.pk)
    return inbound_receive(store=store, inbound=inbound)


def platform_inbound(data: dict[str, Any]) -> Inbound:
    """A platform's ``message.created`` event (already shape-checked) as an ``Inbound``."""
    channel = PLATFORMS.get(str(data.get("platform") or "").lower())
    if channel is None:
        raise ValidationFailed.for_field("platform", _("Unknown platform."))
    kind = WEBHOOK_KINDS.get(str(data.get("type") or "text"))
    if kind is None:
        raise ValidationFailed.for_field("type", _("A buyer cannot send this kind of message."))
    sender = data.get("sender") or {}
    payload: dict[str, Any] = {}
    order_number = ""
    if kind == MessageKind.PRODUCT:
        product = data.get("product") or {}
        payload = {"outer_id": product.get("outer_id", ""), "title": product.get("title", "")}
    elif kind == MessageKind.ORDER:
        order_number = str((data.get("order") or {}).get("number") or "")
        if not order_number:
            raise ValidationFailed.for_field("order.number", _("Name the order."))
        payload = {"number": order_number}
    elif kind == MessageKind.IMAGE and data.get("image_url"):
        payload = {"image_url": data["image_url"]}  # shown as a link, never fetched by us
    return Inbound(
        channel=channel,
        sender_id=str(sender.get("id") or ""),
        kind=kind,
        text=str(data.get("text") or ""),
        message_id=str(data.get("message_id") or ""),
        thread_id=str(data.get("thread_id") or ""),
        sent_at=data.get("sent_at"),
        nickname=str(sender.get("nickname") or ""),
        phone=str(sender.get("phone") or ""),
        order_number=order_number,
        payload=payload,
        image_base64=str(data.get("image_base64") or ""),
    )


def email_inbound(data: dict[str, Any]) -> Inbound:
    """An inbound email (the mail gateway's webhook) as an ``Inbound`` of the email channel."""
    address = str(data.get("from") or "").strip().lower()
    if "@" not in address:
        raise ValidationFailed.for_field("from", _("Give the sender's email address."))
    subject = str(data.get("subject") or "")
    return Inbound(
        channel=Channel.EMAIL,
        sender_id=address,
        kind=MessageKind.EMAIL,
        text=str(data.get("text") or "") or subject,
        message_id=str(data.get("message_id") or ""),
        nickname=str(data.get("from_name") or "") or address.split("@")[0],
        email=address,
        payload={
            "subject": subject,
            "message_id": data.get("message_id") or "",
            "to": data.get("to") or "",
            "from": address,  # the reply goes back to the address this email came from
        },
    )


# --- the website chat widget ---


def _counted(key: str) -> int:
    cache.add(key, 0, timeout=60)
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=60)
        return 1


def chat_rate_hold(*, store_id: int, visitor_id: str, ip: str) -> None:
    """Count one widget message of the visitor and their address this minute; refuse one past the
    limits (``RateLimitedError``, 429) before anything is stored."""
    per_visitor = _counted(f"service:chat:rate:v:{store_id}:{visitor_id}")
    per_ip = _counted(f"service:chat:rate:ip:{ip}") if ip else 0
    if per_visitor > CHAT_MESSAGES_PER_MINUTE or per_ip > CHAT_MESSAGES_PER_MINUTE_PER_IP:
        raise RateLimitedError(_("You are sending messages too fast; wait a minute and try again."))


def chat_message_receive(
    *,
    store: Store,
    visitor_id: str,
    ip: str = "",
    text: str = "",
    upload: IO[bytes] | None = None,
    client_id: str = "",
    nickname: str = "",
    phone: str = "",
    order_number: str = "",
) -> Received:
    """A website visitor's message (text, or a picture upload), stored before it is shown."""
    chat_rate_hold(store_id=store.pk, visitor_id=visitor_id, ip=ip)
    image_name = message_image_store(upload=upload) if upload is not None else ""
    inbound = Inbound(
        channel=Channel.WEB,
        sender_id=visitor_id,
        kind=MessageKind.IMAGE if image_name else MessageKind.TEXT,
        text=text,
        message_id=client_id,
        nickname=nickname.strip()[:80] or _("Website visitor"),
        phone=phone.strip()[:20],
        order_number=order_number.strip()[:40],
    )
    return _stored(store, inbound, image_name=image_name)
