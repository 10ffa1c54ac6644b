"""Schemas of refunds and of an order's refundable money (no ``from __future__``: ninja reads the
annotations)."""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from ninja import Field, Schema

from ...selectors import LineMoney, OrderMoney

Money = Annotated[Decimal, Field(gt=0, max_digits=12, decimal_places=2, examples=["92.43"])]


class RefundIn(Schema):
    amount: Money | None = Field(
        None,
        description="The goods' money to pay back; omit for what the buyer asked. The shipping fee follows the rule.",
    )


class RefundLineOut(Schema):
    order_line_id: int
    amount: Decimal


class RefundOut(Schema):
    """Money paid back on an order for a case, split over its lines; the shipping fee separately."""

    id: int
    case_id: int | None
    order_id: int
    amount: Decimal = Field(description="All that was paid back, shipping fee included.")
    goods_amount: Decimal
    shipping_amount: Decimal
    issued_at: dt.datetime
    issued_by_id: int | None
    rule: str = Field(description="The rule that refunded, when no person did.")
    lines: list[RefundLineOut]

    @staticmethod
    def resolve_goods_amount(obj: Any) -> Decimal:
        return Decimal(obj.amount - obj.shipping_amount)

    @staticmethod
    def resolve_lines(obj: Any) -> list[Any]:
        return list(obj.lines.order_by("order_line_id"))


class OrderLineMoneyOut(Schema):
    order_line_id: int
    sku_id: int | None
    merchant_code: str
    title: str
    quantity: int
    line_total: Decimal
    paid_share: Decimal = Field(description="The line's share of what was paid (order discounts spread over lines).")
    refunded: Decimal
    refundable: Decimal


class OrderMoneyOut(Schema):
    """What an order can still pay back: per line, for the shipping fee, and in all."""

    order_id: int
    platform_order_id: str
    paid_amount: Decimal
    refunded_amount: Decimal = Field(description="Refunded on the order so far (platform refunds included).")
    shipping_fee: Decimal
    shipping_refunded: Decimal
    shipping_refundable: Decimal
    refundable: Decimal
    lines: list[OrderLineMoneyOut]


def line_money_item(line_id: int, money: LineMoney) -> dict[str, Any]:
    line = money.line
    return {
        "order_line_id": line_id,
        "sku_id": line.sku_id,
        "merchant_code": line.merchant_code,
        "title": line.title,
        "quantity": line.quantity,
        "line_total": line.line_total,
        "paid_share": money.paid_share,
        "refunded": money.refunded,
        "refundable": money.refundable,
    }


def order_money_item(funds: OrderMoney) -> dict[str, Any]:
    order = funds.order
    return {
        "order_id": order.pk,
        "platform_order_id": order.platform_order_id,
        "paid_amount": order.paid_amount,
        "refunded_amount": order.refunded_amount,
        "shipping_fee": order.shipping_fee,
        "shipping_refunded": funds.shipping_refunded,
        "shipping_refundable": funds.shipping_refundable,
        "refundable": funds.refundable,
        "lines": [line_money_item(line_id, money) for line_id, money in funds.lines.items()],
    }
