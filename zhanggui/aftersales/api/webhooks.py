"""Signed after-sales webhooks a platform sends for one store (Taobao's refund messages).

The signature is the authentication (``zhanggui.stores.selectors.webhook_verify``, the same as the
orders webhooks); the body is read raw and verified before it is parsed, a delivery id acts once,
and the effect goes through ``case_platform_sync``, as an imported refund file does.
"""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _

from zhanggui.core import policy
from zhanggui.core.api import ApiRouter, api_permission, raw_json_body, raw_json_parsed
from zhanggui.core.exceptions import NotFoundError, ValidationFailed
from zhanggui.orders.constants import carrier_by_name
from zhanggui.orders.models import Order
from zhanggui.stores.selectors import store_zone, webhook_verify
from zhanggui.stores.services import webhook_delivery_id, webhook_delivery_once

from ..models import CaseSource
from ..selectors.platform import order_line_find, platform_order_get
from ..services import PlatformCaseData, PlatformStage, case_platform_sync
from .schemas.webhooks import RefundWebhookIn, RefundWebhookOut, WebhookRefund

router = ApiRouter(tags=["webhooks"])
P = PlatformStage

STAGES = {
    "WAIT_SELLER_AGREE": P.REQUESTED,
    "WAIT_BUYER_RETURN_GOODS": P.AGREED,
    "WAIT_SELLER_CONFIRM_GOODS": P.RETURN_SHIPPED,
    "SELLER_REFUSE_BUYER": P.REFUSED,
    "CLOSED": P.CLOSED,
    "SUCCESS": P.REFUNDED,
}


def _aware(moment: dt.datetime | None, zone: dt.tzinfo) -> dt.datetime | None:
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=zone)


def _case_data(store: Any, order: Order, refund: WebhookRefund) -> PlatformCaseData:
    line = order_line_find(order, merchant_code=refund.outer_id, title=refund.title)
    if line is None:
        raise ValidationFailed.for_field("refund.outer_id", _("Name the order line by its merchant code."))
    zone = store_zone(store)
    return PlatformCaseData(
        platform_case_id=refund.refund_id,
        type="return_refund" if refund.has_good_return else "refund_only",
        stage=STAGES[refund.status],
        order_line_id=line.pk,
        quantity=refund.num,
        amount=refund.refund_fee,
        reason_text=refund.reason,
        description=refund.desc,
        requested_at=_aware(refund.created, zone),
        respond_by=_aware(refund.timeout, zone),
        return_carrier=carrier_by_name(refund.company_name) or refund.company_name,
        return_tracking_no=refund.sid,
    )


def _effect(store: Any, payload: RefundWebhookIn) -> dict[str, Any]:
    refund = payload.refund
    order = platform_order_get(store_id=store.pk, number=refund.tid)
    if order is None:
        raise NotFoundError(_("No order %(number)s in this store.") % {"number": refund.tid})
    case, outcome = case_platform_sync(
        by=None, order=order, data=_case_data(store, order, refund), source=CaseSource.PLATFORM
    )
    case.refresh_from_db()
    return {
        "event": payload.event,
        "case_id": case.pk,
        "case_number": case.number,
        "platform_case_id": case.platform_case_id,
        "status": case.status,
        "outcome": outcome,
    }


@router.post(
    "/{store_code}",
    response={200: RefundWebhookOut},
    summary="Receive a signed refund event of a store",
    openapi_extra={"requestBody": raw_json_body(RefundWebhookIn)},
)
@api_permission(policy.PUBLIC)
def aftersales_webhook_receive(request: HttpRequest, store_code: str) -> Any:
    """For the platforms, not for staff: the signature is the authentication, with the same headers
    as the order webhooks (`X-Zhanggui-Timestamp`, `X-Zhanggui-Delivery`, `X-Zhanggui-Signature`:
    `sha256=` and the HMAC-SHA256 of `"<timestamp>.<raw body>"` keyed with the store's webhook
    secret). An unknown store, a missing, wrong or stale signature are answered 401 with nothing
    done; a delivery id seen before is answered 200 with the first answer and `replayed: true`.

    A `refund.created` or `refund.updated` event opens the after-sales case of `refund_id` (the
    order is found by `tid`, the line by `outer_id`) or moves it forward to the refund's `status`:
    agreed, the buyer's return waybill (`sid`, `company_name`), refused, closed, or refunded (the
    refund is recorded once). An older status than the case's changes nothing. A payload naming no
    known order (404) or line (422) does nothing, and the delivery is not recorded.
    """
    body = request.body  # the bytes as signed, before anything parses them
    store = webhook_verify(
        store_code=store_code,
        timestamp=request.headers.get("X-Zhanggui-Timestamp"),
        signature=request.headers.get("X-Zhanggui-Signature"),
        body=body,
    )
    delivery_id = webhook_delivery_id(request.headers.get("X-Zhanggui-Delivery"))
    payload = raw_json_parsed(request, RefundWebhookIn)
    outcome = webhook_delivery_once(
        store=store, delivery_id=delivery_id, event=payload.event, effect=lambda: _effect(store, payload)
    )
    return {"delivery_id": delivery_id, "replayed": outcome.replayed, "result": outcome.result}
