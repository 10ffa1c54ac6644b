"""What an order can still pay back, line by line (DESIGN.md: the refund rule).

Each line's paid share is the order's paid amount less its shipping fee, split over the lines in
proportion to their totals by the one allocation rule (``core.money.allocate``): so order-level
discounts (店铺优惠, 平台优惠) are borne by every line in proportion. A line's refundable amount is
its paid share less what refunds already paid back on it; the order's is its paid amount less its
refunded total (which also counts refunds a platform reported without lines). The shipping fee is
refundable once, as a whole.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum

from zhanggui.core.actors import Actor
from zhanggui.core.exceptions import NotFoundError
from zhanggui.core.money import allocate
from zhanggui.core.permissions import require_perm, scope_to_stores
from zhanggui.orders.models import Order, OrderLine

from ..models import CaseLine, Refund, RefundLine

ZERO = Decimal("0.00")
CENT = Decimal("0.01")


@dataclass(frozen=True)
class LineMoney:
    """One order line's money: its share of what was paid, what was refunded on it, what is left."""

    line: OrderLine
    paid_share: Decimal
    refunded: Decimal
    units_refunded: int = 0  # units of refunded cases on the line: what is left is paid by the rest

    @property
    def refundable(self) -> Decimal:
        return max(self.paid_share - self.refunded, ZERO)


@dataclass(frozen=True)
class OrderMoney:
    """An order's refundable money: per line, for the shipping fee, and in all."""

    order: Order
    lines: dict[int, LineMoney]
    shipping_refunded: Decimal
    refunded_by_cases: Decimal = ZERO  # what after-sales refunds paid back, the order's other refunds aside

    @property
    def refundable(self) -> Decimal:
        return self.order.paid_amount - self.order.refunded_amount

    @property
    def refundable_as_reported(self) -> Decimal:
        """What a refund the platform reports may still pay back: the order feed may already count it
        in the order's refunded total, so only after-sales' own refunds are taken off."""
        return self.order.paid_amount - self.refunded_by_cases

    @property
    def shipping_refundable(self) -> Decimal:
        return min(max(self.order.shipping_fee - self.shipping_refunded, ZERO), self.refundable)


def line_paid_shares(order: Order, lines: list[OrderLine]) -> list[Decimal]:
    """The paid amount of each of ``lines`` (all the order's lines, in a fixed order). Refunds recorded
    without lines (a platform's order feed) are not taken off any line: the order's own refundable
    amount bounds every request and refund instead."""
    goods_paid = max(order.paid_amount - order.shipping_fee, ZERO)
    return allocate(goods_paid, [line.line_total for line in lines])


def order_money(order: Order) -> OrderMoney:
    """The refundable money of ``order`` as the database holds it now (lock the order to act on it)."""
    lines = list(OrderLine.objects.filter(order=order).select_related("sku").order_by("pk"))
    # Sums keep two places (SQLite gives 50 for 50.00), so the amounts read the same everywhere.
    refunded = {
        line_id: total.quantize(CENT)
        for line_id, total in RefundLine.objects.filter(order_line__order=order)
        .values("order_line")
        .annotate(total=Sum("amount"))
        .values_list("order_line", "total")
    }
    totals = Refund.objects.filter(order=order).aggregate(shipping=Sum("shipping_amount"), all=Sum("amount"))
    shipping, by_cases = ((totals[key] or ZERO).quantize(CENT) for key in ("shipping", "all"))
    shares = line_paid_shares(order, lines)
    units = dict(
        CaseLine.objects.filter(order_line__order=order, case__refunded_amount__gt=0)
        .values("order_line")
        .annotate(units=Sum("quantity"))
        .values_list("order_line", "units")
    )
    return OrderMoney(
        order=order,
        lines={
            line.pk: LineMoney(
                line=line,
                paid_share=share,
                refunded=refunded.get(line.pk, ZERO),
                units_refunded=units.get(line.pk, 0),
            )
            for line, share in zip(lines, shares, strict=True)
        },
        shipping_refunded=shipping,
        refunded_by_cases=by_cases,
    )


# --- an order of the caller's stores, for the after-sales API ----------------------------------


def case_order_get(*, user: Actor, order_id: int) -> Order:
    """One order of ``user``'s stores that after-sales may look at (``aftersales.view``: no orders
    permission needed); missing when out of scope."""
    require_perm(user, "aftersales.view")
    order = scope_to_stores(Order.objects.filter(pk=order_id), user).first()
    if order is None:
        raise NotFoundError()
    return order


def order_money_get(*, user: Actor, order_id: int) -> OrderMoney:
    """The refundable money of one order of ``user``'s stores (the money view of the API)."""
    return order_money(case_order_get(user=user, order_id=order_id))
