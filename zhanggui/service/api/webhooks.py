"""Signed webhooks of the channels: a platform chat's messages (千牛, 咚咚, PDD, Douyin) and inbound
email, for one store. Mounted at ``/api/v1/service/webhooks``.

The signature is the authentication (``zhanggui.stores.selectors.webhook_verify``, as for orders and
after-sales): the body is read raw and verified before it is parsed, a delivery id acts once, and a
platform message id is stored once (``message_receive``), whatever the delivery id.
"""

from typing import Any

from django.http import HttpRequest

from zhanggui.core import policy
from zhanggui.core.api import ApiRouter, api_permission, raw_json_body, raw_json_parsed
from zhanggui.stores.selectors import webhook_verify
from zhanggui.stores.services import webhook_delivery_id, webhook_delivery_once

from .. import services
from .schemas.channels import ChatWebhookIn, EmailWebhookIn, WebhookOut

router = ApiRouter(tags=["service webhooks"])


def _verified(request: HttpRequest, store_code: str) -> tuple[Any, str]:
    store = webhook_verify(
        store_code=store_code,
        timestamp=request.headers.get("X-Zhanggui-Timestamp"),
        signature=request.headers.get("X-Zhanggui-Signature"),
        body=request.body,  # the bytes as signed, before anything parses them
    )
    return store, webhook_delivery_id(request.headers.get("X-Zhanggui-Delivery"))


def _result(received: Any) -> dict[str, Any]:
    return {
        "conversation_id": received.conversation.pk,
        "message_id": received.message.pk,
        "channel": received.conversation.channel,
        "intent": received.message.intent,
        "created": received.created,
    }


@router.post(
    "/{store_code}/email",
    response={200: WebhookOut},
    summary="Receive a signed inbound email of a store",
    openapi_extra={"requestBody": raw_json_body(EmailWebhookIn)},
)
@api_permission(policy.PUBLIC)
def service_email_webhook_receive(request: HttpRequest, store_code: str) -> Any:
    """For the mail gateway: the same signature headers as every store webhook. The email becomes a
    message of the sender's email conversation (a new one in the queue if they have none open);
    agents' replies go back by email with the subject `Re: <subject>`."""
    store, delivery_id = _verified(request, store_code)
    payload = raw_json_parsed(request, EmailWebhookIn)
    data = payload.dict(by_alias=True)
    outcome = webhook_delivery_once(
        store=store,
        delivery_id=delivery_id,
        event="email.received",
        effect=lambda: _result(services.inbound_receive(store=store, inbound=services.email_inbound(data))),
    )
    return {"delivery_id": delivery_id, "replayed": outcome.replayed, "result": outcome.result}


@router.post(
    "/{store_code}",
    response={200: WebhookOut},
    summary="Receive a signed platform chat message of a store",
    openapi_extra={"requestBody": raw_json_body(ChatWebhookIn)},
)
@api_permission(policy.PUBLIC)
def service_chat_webhook_receive(request: HttpRequest, store_code: str) -> Any:
    """For the platforms, not for staff: `X-Zhanggui-Timestamp`, `X-Zhanggui-Delivery`,
    `X-Zhanggui-Signature: sha256=<HMAC-SHA256 of "<timestamp>.<raw body>" keyed with the store's
    webhook secret>`. An unknown store, a missing, wrong or stale signature: 401, nothing done. A
    delivery id seen before: 200 with the first answer and `replayed: true`; a message id stored
    before: `created: false`. See docs/service-channels.md for the event's fields."""
    store, delivery_id = _verified(request, store_code)
    payload = raw_json_parsed(request, ChatWebhookIn)
    data = payload.dict()
    outcome = webhook_delivery_once(
        store=store,
        delivery_id=delivery_id,
        event=payload.event,
        effect=lambda: _result(services.inbound_receive(store=store, inbound=services.platform_inbound(data))),
    )
    return {"delivery_id": delivery_id, "replayed": outcome.replayed, "result": outcome.result}
