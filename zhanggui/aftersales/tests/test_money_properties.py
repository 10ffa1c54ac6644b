"""Properties of the money and stock rules: any sequence of partial refunds, returns, exchanges,
reissues and repairs on an order of several discounted lines keeps

- what was refunded within what was paid, for the order and for each line's share;
- each refund's lines adding up to its goods amount, and an order's refunds to its refunded total;
- stock whole: on hand and reserved never below zero, reserved exactly the units of open reserved lines.

Each example runs in a savepoint rolled back at its end (the database is shared by the examples);
a step the services refuse is rolled back on its own and the sequence goes on.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest
from django.db import transaction
from django.db.models import Sum
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from zhanggui.aftersales.models import Case, Refund, RefundLine
from zhanggui.aftersales.selectors import line_paid_shares, order_money
from zhanggui.aftersales.services import (
    CaseLineInput,
    case_approve,
    case_create,
    case_inspect,
    case_receive,
    case_repair_return,
    case_repair_send,
    case_replace,
    case_restock,
    case_return_ship,
    refund_issue,
)
from zhanggui.catalog.models import Sku, Stock
from zhanggui.core.exceptions import ServiceError
from zhanggui.orders.models import Order, OrderLine
from zhanggui.orders.services import OrderLineData, order_ship, order_upsert
from zhanggui.orders.states import OPEN_PAID
from zhanggui.testing.factories import SkuFactory, StockFactory

from .conftest import order_data

D = Decimal
CENT = D("0.01")
REASONS = ["quality", "size", "damaged_in_transit", "changed_mind", "wrong_item"]
KINDS = ["refund", "refund", "return", "return", "exchange", "reissue", "repair"]

order_lines = st.lists(
    st.tuples(
        st.integers(min_value=100, max_value=30_000),  # unit price in cents
        st.integers(min_value=1, max_value=3),  # units
        st.integers(min_value=0, max_value=30),  # the line's own discount, % of its price
    ),
    min_size=2,
    max_size=3,
)
steps = st.lists(
    st.tuples(
        st.sampled_from(KINDS),
        st.integers(min_value=0, max_value=2),  # which line
        st.integers(min_value=1, max_value=3),  # units asked
        st.one_of(st.none(), st.integers(min_value=1, max_value=120)),  # amount asked, % of the line's refundable
        st.one_of(st.none(), st.integers(min_value=1, max_value=100)),  # amount refunded, % of the request
        st.sampled_from(REASONS),
        st.integers(min_value=0, max_value=3),  # the SKU an exchange asks for
    ),
    min_size=1,
    max_size=6,
)


@pytest.fixture
def skus(goods):  # type: ignore[no-untyped-def]
    """Four SKUs in the main warehouse: 10, 5, 10 and 0 units on hand; an order holds the first three
    (never held for review, so it can ship), exchanges may ask for the last, which has none."""
    grey = SkuFactory(product=goods.product, merchant_code="TEE-GRY-S", attributes={"color": "灰色", "size": "S"})
    red = SkuFactory(product=goods.product, merchant_code="TEE-RED-XL", attributes={"color": "红色", "size": "XL"})
    StockFactory(sku=grey, warehouse=goods.warehouse, on_hand=10, reserved=0)
    StockFactory(sku=red, warehouse=goods.warehouse, on_hand=0, reserved=0)
    skus = [goods.white, goods.black, grey, red]
    Sku.objects.filter(pk__in=[sku.pk for sku in skus]).update(price_floor=D("0.01"))  # any price passes review
    return skus


def new_order(skus, store, clerk, lines, discount_pct: int, shipping_cents: int, shipped: bool) -> Order:  # type: ignore[no-untyped-def]
    data_lines = []
    for sku, (price_cents, units, line_discount_pct) in zip(skus, lines, strict=False):
        price = D(price_cents) * CENT
        discount = (price * units * line_discount_pct / 100).quantize(CENT)
        data_lines.append(
            OrderLineData(
                title="纯棉T恤", unit_price=price, quantity=units, merchant_code=sku.merchant_code, discount=discount
            )
        )
    goods_total = sum((line.unit_price * line.quantity - line.discount for line in data_lines), D("0.00"))
    seller_discount = (goods_total * discount_pct / 100).quantize(CENT)
    shipping = D(shipping_cents) * CENT
    data = order_data(
        "H1",
        lines=data_lines,
        seller_discount=seller_discount,
        shipping_fee=shipping,
        paid_amount=goods_total - seller_discount + shipping,
    )
    order, _outcome = order_upsert(by=None, store=store, data=data)
    if shipped:
        order_ship(by=clerk, order=order, carrier="zto", tracking_no="75312345678901")
    order.refresh_from_db()
    return order


def run_step(step, order: Order, skus, by, reason, returns) -> None:  # type: ignore[no-untyped-def]
    kind, line_index, units, asked_pct, refund_pct, reason_code, sku_index = step
    lines = list(order.lines.order_by("pk"))
    line = lines[line_index % len(lines)]
    units = min(units, line.quantity)
    amount = None
    if asked_pct is not None:
        refundable = order_money(order).lines[line.pk].refundable
        amount = (refundable * asked_pct / 100).quantize(CENT)
    type_ = {"refund": "refund_only", "return": "return_refund"}.get(kind, kind)
    wanted = skus[sku_index].pk if kind == "exchange" else None
    case = case_create(
        by=by,
        order=order,
        type=type_,
        reason=reason(reason_code),
        lines=[CaseLineInput(line.pk, units, amount=amount, replacement_sku_id=wanted)],
    )
    case_approve(by=by, case=case)
    if kind in ("return", "exchange", "repair"):
        case_return_ship(by=by, case=case, carrier="zto", tracking_no=f"7530000{case.pk:07d}")
        case_receive(by=by, case=case)
        case_inspect(by=by, case=case, result="passed")
    if kind in ("refund", "return"):
        case.refresh_from_db()
        partial = None if refund_pct is None else max((case.requested_amount * refund_pct / 100).quantize(CENT), CENT)
        refund_issue(by=by, case=case, idempotency_key=f"p{case.pk}", amount=partial)
    if kind == "return":
        case_restock(by=by, case=case, warehouse=returns)
    if kind in ("exchange", "reissue"):
        case_replace(by=by, case=case)
    if kind == "repair":
        case_repair_send(by=by, case=case)
        case_repair_return(by=by, case=case, carrier="sf", tracking_no="SF1234567890123")


def check_money(order: Order) -> None:
    order.refresh_from_db()
    refunds = list(Refund.objects.filter(order=order).prefetch_related("lines"))
    assert order.refunded_amount == sum((r.amount for r in refunds), D("0.00"))
    assert D("0.00") <= order.refunded_amount <= order.paid_amount
    for refund in refunds:
        assert sum((line.amount for line in refund.lines.all()), D("0.00")) == refund.amount - refund.shipping_amount
    assert sum((r.shipping_amount for r in refunds), D("0.00")) <= order.shipping_fee
    lines = list(OrderLine.objects.filter(order=order).order_by("pk"))
    refunded = Counter(
        dict(RefundLine.objects.filter(refund__order=order).values_list("order_line").annotate(total=Sum("amount")))
    )
    for line, share in zip(lines, line_paid_shares(order, lines), strict=True):
        assert D(refunded[line.pk]).quantize(CENT) <= share
    for case in Case.objects.filter(order=order):
        paid_back = Refund.objects.filter(case=case).aggregate(total=Sum("amount"))["total"] or D("0.00")
        assert case.refunded_amount == D(paid_back).quantize(CENT)


def check_stock() -> None:
    expected: Counter[tuple[int, int]] = Counter()
    held = OrderLine.objects.filter(reserved=True)
    assert set(held.values_list("order__status", flat=True)) <= OPEN_PAID
    for sku_id, warehouse_id, quantity in held.values_list("sku_id", "order__warehouse_id", "quantity"):
        expected[(sku_id, warehouse_id)] += quantity
    for stock in Stock.objects.all():
        assert stock.on_hand >= stock.reserved >= 0
        assert stock.reserved == expected[(stock.sku_id, stock.warehouse_id)]


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    lines=order_lines,
    discount_pct=st.integers(min_value=0, max_value=40),
    shipping_cents=st.sampled_from([0, 600, 1000, 1250]),
    shipped=st.sampled_from([True, True, True, False]),  # mostly shipped: more kinds of case apply
    steps=steps,
)
def test_refunds_and_replacements_keep_money_and_stock_whole(
    store, skus, goods, make_staff, reason, lines, discount_pct, shipping_cents, shipped, steps
):
    with transaction.atomic():
        # given an order of several discounted lines, shipped or not
        specialist, clerk = make_staff("aftersales"), make_staff("order_clerk")
        order = new_order(skus, store, clerk, lines, discount_pct, shipping_cents, shipped)
        for step in steps:
            # when each step is tried (a refused one changes nothing)
            try:
                with transaction.atomic():
                    run_step(step, order, skus, specialist, reason, goods.returns)
                event(f"{step[0]}: done")
            except ServiceError as exc:
                event(f"{step[0]}: refused ({exc.code})")
            # then
            check_money(order)
            check_stock()
        transaction.set_rollback(True)  # the example's data goes with its savepoint
