"""API of the orders context: signed webhooks a platform sends for one store (orders and ratings).

The signature is the authentication (see ``zhanggui.stores.webhooks``); the body is read raw and
verified before it is parsed, and its effect goes through the same services as every other way in.
"""

from typing import Any

from django.http import HttpRequest

from zhanggui.core import policy
from zhanggui.core.api import ApiRouter, api_permission, raw_json_body, raw_json_parsed
from zhanggui.stores.selectors import webhook_verify
from zhanggui.stores.services import webhook_delivery_id, webhook_delivery_once

from ..services import order_upsert
from ..services.ratings import store_rating_upsert
from .schemas.webhooks import WebhookIn, WebhookOut

router = ApiRouter(tags=["webhooks"])


def _effect(store: Any, payload: WebhookIn) -> dict[str, Any]:
    if payload.order is not None and payload.event == "order":
        order, outcome = order_upsert(by=None, store=store, data=payload.order.as_data(payload.order.platform_order_id))
        return {
            "event": "order",
            "order_id": order.pk,
            "platform_order_id": order.platform_order_id,
            "outcome": outcome,
        }
    assert payload.rating is not None  # the schema's validator guarantees it
    rating, outcome = store_rating_upsert(by=None, store=store, data=payload.rating.as_data())
    return {
        "event": "rating",
        "rating_id": rating.pk,
        "platform_rating_id": rating.platform_rating_id,
        "outcome": outcome,
    }


@router.post(
    "/{store_code}",
    response={200: WebhookOut},
    summary="Receive a signed order or rating event of a store",
    openapi_extra={"requestBody": raw_json_body(WebhookIn)},
)
@api_permission(policy.PUBLIC)
def webhook_receive(request: HttpRequest, store_code: str) -> Any:
    """For the platforms, not for staff: the signature is the authentication.

    Send these headers with the JSON body:

    - `X-Zhanggui-Timestamp`: the time of sending in unix seconds; more than 300 s away from our
      clock either way is refused.
    - `X-Zhanggui-Delivery`: the delivery id, unique per store (1–80 characters). A delivery id
      seen before is answered 200 with the first answer's result and `replayed: true`, and does
      nothing again, also when the copies arrive at the same time.
    - `X-Zhanggui-Signature`: `sha256=` followed by the lowercase hex HMAC-SHA256 of
      `"<timestamp>.<raw body>"` (the timestamp header, a dot, then the body bytes exactly as sent)
      keyed with the store's webhook secret. While a secret is being rotated, the current and the
      previous secret are both accepted.

    An unknown store, a missing, wrong or stale signature are all answered 401 with nothing done.
    A body that does not fit the schema is answered 422 with field errors, nothing done and the
    delivery not recorded, so the corrected event may be sent again with the same delivery id.
    An order event creates the order or brings it to a newer status; a rating event creates or
    updates the rating, by rating number.
    """
    body = request.body  # the bytes as signed, before anything parses them
    store = webhook_verify(
        store_code=store_code,
        timestamp=request.headers.get("X-Zhanggui-Timestamp"),
        signature=request.headers.get("X-Zhanggui-Signature"),
        body=body,
    )
    delivery_id = webhook_delivery_id(request.headers.get("X-Zhanggui-Delivery"))
    payload = raw_json_parsed(request, WebhookIn)
    outcome = webhook_delivery_once(
        store=store, delivery_id=delivery_id, event=payload.event, effect=lambda: _effect(store, payload)
    )
    return {"delivery_id": delivery_id, "replayed": outcome.replayed, "result": outcome.result}
