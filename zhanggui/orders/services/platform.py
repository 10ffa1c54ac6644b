"""What a platform reports of an order (``OrderData``), and the rules every way in reads it by.

A file import (set-wise or through ``order_upsert``), the API and webhooks all take an order's
times, payment and refund from here, so one report gives one order whichever way it came
(docs/imports.md).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..states import PROGRESS, OrderStatus

S = OrderStatus
ZERO = Decimal("0.00")


@dataclass(frozen=True)
class OrderLineData:
    """One line as the platform reports it; the merchant code (商家编码) finds our SKU."""

    title: str
    unit_price: Decimal
    quantity: int
    merchant_code: str = ""
    attributes: str = ""
    discount: Decimal = ZERO


@dataclass(frozen=True)
class OrderData:
    """An order as a platform reports it (already parsed from a file, an API body or a webhook)."""

    platform_order_id: str
    buyer_nickname: str
    status: str
    lines: list[OrderLineData]
    created_at: dt.datetime
    shipping_fee: Decimal = ZERO
    platform_discount: Decimal = ZERO
    seller_discount: Decimal = ZERO
    paid_amount: Decimal | None = None
    refunded_amount: Decimal = ZERO
    paid_at: dt.datetime | None = None
    shipped_at: dt.datetime | None = None
    delivered_at: dt.datetime | None = None
    completed_at: dt.datetime | None = None
    closed_at: dt.datetime | None = None
    close_reason: str = ""
    buyer_name: str = ""
    buyer_phone: str = ""
    receiver_name: str = ""
    receiver_phone: str = ""
    province: str = ""
    city: str = ""
    district: str = ""
    address_detail: str = ""
    buyer_message: str = ""
    seller_memo: str = ""
    carrier: str = ""
    tracking_no: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def platform_paid(data: OrderData) -> bool:
    """Whether the buyer paid: the status is paid or beyond, or a closed order has a payment time or a
    refund (a platform closes a paid order only by refunding it)."""
    if data.status == S.CLOSED:
        return data.paid_at is not None or data.refunded_amount > ZERO
    return PROGRESS[data.status] >= PROGRESS[S.PAID]


def platform_times(data: OrderData) -> dict[str, dt.datetime | None]:
    """The order's step times (field → time): each as the platform reports it, for the steps its status
    has reached. A paid order without a payment time was paid when it was ordered; any other step the
    platform does not time stays empty — never the moment we hear of it."""
    progress = PROGRESS[data.status] if data.status != S.CLOSED else -1
    return {
        "paid_at": (data.paid_at or data.created_at) if platform_paid(data) else None,
        "shipped_at": data.shipped_at if progress >= PROGRESS[S.SHIPPED] else None,
        "delivered_at": data.delivered_at if progress >= PROGRESS[S.DELIVERED] else None,
        "completed_at": data.completed_at if progress >= PROGRESS[S.COMPLETED] else None,
        "closed_at": data.closed_at if data.status == S.CLOSED else None,
    }


def platform_refund(data: OrderData, paid_amount: Decimal) -> Decimal:
    """What the platform says was refunded: the reported amount; a paid order it closed without one was
    refunded in full."""
    if data.status == S.CLOSED and data.refunded_amount == ZERO and platform_paid(data):
        return paid_amount
    return data.refunded_amount
