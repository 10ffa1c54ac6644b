"""API of refunds (退款): paying a case's money back, once per ``Idempotency-Key``, and what an order
can still pay back (mounted at ``/api/v1/aftersales``)."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _

from zhanggui.core import idempotency
from zhanggui.core.api import ApiRouter, Id, api_permission
from zhanggui.core.exceptions import FieldError, ServiceError

from .. import selectors, services
from .cases import body_fields, case_of
from .schemas.refunds import OrderMoneyOut, RefundIn, RefundOut, order_money_item

router = ApiRouter(tags=["aftersales"])

HEADER = "Idempotency-Key"
KEY_MAX_LENGTH = 120  # what a refund stores (``Refund.idempotency_key``)
KEY_PARAMETER = idempotency.required_parameter(
    "Required: the refund is paid once per key and order, whoever sends it and however often (a retry "
    "answers the refund already paid; the same key for another amount is 409). A retry by the same "
    "caller within 24 hours answers the stored response with `Idempotent-Replayed: true`.",
    max_length=KEY_MAX_LENGTH,
)


class KeyMissing(ServiceError):
    status = 400
    code = "idempotency_key_required"


def refund_key(request: HttpRequest) -> str:
    """The request's ``Idempotency-Key``; a refund without one (or with an overlong one) is refused."""
    key = request.headers.get(HEADER, "").strip()
    if not key:
        message = _("Send an Idempotency-Key header: a refund is paid once per key.")
    elif len(key) > KEY_MAX_LENGTH:
        message = _("Use an Idempotency-Key of at most %(count)d characters.") % {"count": KEY_MAX_LENGTH}
    else:
        return key
    raise KeyMissing(message, errors=[FieldError(HEADER, message)])


@router.post(
    "/cases/{int:case_id}/refund",
    response=RefundOut,
    summary="Refund a case (退款)",
    openapi_extra={"parameters": [KEY_PARAMETER]},
)
@api_permission("aftersales.refund")
def case_refund(request: HttpRequest, case_id: Id, data: RefundIn) -> Any:
    """Pay back the goods' money (``amount``, default what the buyer asked) and the shipping fee the
    responsibility rule allows; the case is then ``refunded``. A refund-only case once approved, a
    return once its goods passed inspection (409 otherwise). Never more than a line or the order
    can still pay back (422 ``amount``). Requires ``Idempotency-Key`` (400 without it)."""
    key = refund_key(request)
    case = case_of(request, case_id)
    with body_fields({"idempotency_key": HEADER}):
        refund = services.refund_issue(by=request.auth, case=case, idempotency_key=key, amount=data.amount)
    return refund


@router.get("/orders/{int:order_id}/refundable", response=OrderMoneyOut, summary="What an order can still refund")
@api_permission("aftersales.view")
def order_refundable(request: HttpRequest, order_id: Id) -> Any:
    """Per line its share of what was paid (order discounts spread over the lines), refunded and
    refundable; the shipping fee refundable once; and the order's refundable total."""
    return order_money_item(selectors.order_money_get(user=request.auth, order_id=order_id))
