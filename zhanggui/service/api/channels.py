"""The merchant's own integrations hand in buyer messages (``POST /api/v1/service/messages/inbound``),
with a staff token holding ``service.reply`` for the store. Platforms use the signed webhook instead."""

from typing import Any

from django.http import HttpRequest

from zhanggui.core.api import ApiRouter, api_permission
from zhanggui.core.exceptions import NotFoundError
from zhanggui.stores.models import Store

from .. import services
from ..constants import MessageKind
from .schemas.channels import InboundIn, ReceivedOut

router = ApiRouter(tags=["service channels"])


def store_of(store_id: int) -> Store:
    store = Store.objects.filter(pk=store_id, is_active=True).first()
    if store is None:
        raise NotFoundError()
    return store


@router.post("/inbound", response={200: ReceivedOut}, summary="Hand in a buyer's message")
@api_permission("service.reply")
def service_message_inbound(request: HttpRequest, payload: InboundIn) -> Any:
    """Stored once per `message_id` (sent again: the same answer with `created: false`), in the
    buyer's open conversation of the channel or a new one, routed like any buyer message."""
    inbound = services.Inbound(
        channel=payload.channel,
        sender_id=payload.sender_id,
        kind=MessageKind.IMAGE if payload.image_base64 else payload.type,
        text=payload.text,
        message_id=payload.message_id,
        thread_id=payload.thread_id,
        sent_at=payload.sent_at,
        nickname=payload.nickname,
        phone=payload.phone,
        email=payload.email,
        order_number=payload.order_number,
        payload={"number": payload.order_number} if payload.type == "order" else {},
        image_base64=payload.image_base64,
    )
    received = services.inbound_receive_by(by=request.auth, store=store_of(payload.store_id), inbound=inbound)
    return {
        "conversation_id": received.conversation.pk,
        "message_id": received.message.pk,
        "channel": received.conversation.channel,
        "intent": received.message.intent,
        "created": received.created,
    }
