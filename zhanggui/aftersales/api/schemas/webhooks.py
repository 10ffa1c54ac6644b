"""Schemas of the platforms' signed after-sales webhooks (no ``from __future__``: ninja reads the annotations)."""

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from ninja import Field, Schema

RefundStatus = Literal[
    "WAIT_SELLER_AGREE",
    "WAIT_BUYER_RETURN_GOODS",
    "WAIT_SELLER_CONFIRM_GOODS",
    "SELLER_REFUSE_BUYER",
    "CLOSED",
    "SUCCESS",
]


class WebhookRefund(Schema):
    """A refund request as Taobao's API reports it (taobao.refund.get field names). Times without a
    zone are the store's (Beijing time for Taobao)."""

    refund_id: str = Field(..., min_length=1, max_length=40, description="退款编号: one request, unique per store")
    tid: str = Field(..., min_length=1, max_length=40, description="订单编号: the order's platform number")
    oid: str = Field("", max_length=40, description="子订单编号 (kept for reference; lines are found by outer_id)")
    outer_id: str = Field("", max_length=40, description="商家编码 of the line; may be left out on a one-line order")
    title: str = Field("", max_length=200, description="宝贝标题, used when outer_id is missing")
    status: RefundStatus
    has_good_return: bool = Field(False, description="True: return and refund (退货退款); false: refund only")
    refund_fee: Decimal | None = Field(None, ge=0, max_digits=12, decimal_places=2, description="买家退款金额 (yuan)")
    num: int | None = Field(None, ge=1, description="Units asked for; default: all of the line's")
    reason: str = Field("", max_length=200, description="买家退款原因, matched to our reasons by name")
    desc: str = Field("", max_length=2000, description="买家退款说明")
    created: dt.datetime = Field(..., description="When the buyer asked (退款的申请时间)")
    timeout: dt.datetime | None = Field(None, description="The platform's deadline for the current step (超时时间)")
    sid: str = Field("", max_length=40, description="The buyer's return waybill number (退货物流单号)")
    company_name: str = Field("", max_length=40, description="The return carrier (退货物流公司), e.g. 中通快递")


class RefundWebhookIn(Schema):
    """``{"event": "refund.created" | "refund.updated", "refund": {…}}``; both open or move the case."""

    event: Literal["refund.created", "refund.updated"]
    refund: WebhookRefund


class RefundWebhookOut(Schema):
    delivery_id: str
    replayed: bool = Field(..., description="True when this delivery id was processed before; nothing was done again")
    result: dict[str, Any]
