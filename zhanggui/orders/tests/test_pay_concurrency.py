"""Eight buyers pay at once for the last five units: five orders get them, three wait as 缺货;
sixteen orders arriving paid at once for five units: the same.

Run on PostgreSQL (``DATABASE_URL=postgres://…``): SQLite serialises writers, so the race
this guards against cannot happen there.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from decimal import Decimal

import pytest

from zhanggui.catalog.models import Stock
from zhanggui.orders.models import Order, OrderLine
from zhanggui.orders.services import OrderLineData, order_pay, order_upsert
from zhanggui.testing.concurrency import at_once
from zhanggui.testing.factories import StockFactory

from .conftest import order_data

BUYERS = 8
UNITS = 5
ROUNDS = 100


def all_at_once(calls: list[Callable[[], object]]) -> None:
    """Release one thread per call at once, each on its own database connection; none may fail."""
    _results, errors = at_once(calls)
    assert errors == []


def pay_all(orders: list[Order]) -> None:
    all_at_once([functools.partial(order_pay, by=None, order=order) for order in orders])


@pytest.mark.slow
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_eight_buyers_pay_for_the_last_five_units(store):
    for round_no in range(ROUNDS):
        # given: 5 units of a SKU, 8 unpaid orders of one unit each
        stock = StockFactory(on_hand=UNITS, reserved=0)
        line = OrderLineData(
            title="T恤", unit_price=Decimal("99.00"), quantity=1, merchant_code=stock.sku.merchant_code
        )
        # (eight different buyers and receivers, so no order is held as another's merge candidate)
        orders = [
            order_upsert(
                by=None,
                store=store,
                data=order_data(
                    f"R{round_no}-{n}",
                    lines=[line],
                    buyer_nickname=f"tb_买家{round_no}-{n}",
                    receiver_phone=f"139{round_no:04d}{n:04d}",
                ),
            )[0]
            for n in range(BUYERS)
        ]
        # when
        pay_all(orders)
        # then
        stock.refresh_from_db()
        paid = Order.objects.filter(pk__in=[o.pk for o in orders])
        assert (stock.on_hand, stock.reserved) == (UNITS, UNITS), f"round {round_no}"
        assert paid.filter(status="awaiting_shipment", out_of_stock=False).count() == UNITS, f"round {round_no}"
        assert paid.filter(status="under_review", out_of_stock=True).count() == BUYERS - UNITS, f"round {round_no}"
        assert paid.filter(lines__reserved=True).count() == UNITS, f"round {round_no}"
        assert not Stock.objects.filter(on_hand__lt=0).exists()


ARRIVING = 16


def one_of(stock: Stock) -> OrderLineData:
    return OrderLineData(title="T恤", unit_price=Decimal("99.00"), quantity=1, merchant_code=stock.sku.merchant_code)


@pytest.mark.slow
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_sixteen_orders_arrive_paid_at_once_for_the_last_five_units(store):
    for round_no in range(ROUNDS // 5):
        # given: 5 units of a hot SKU and plenty of another whose SKU sorts first, so an order of
        # both that is short of the hot one has already held the other and must give it back
        plenty = StockFactory(on_hand=100, reserved=0)
        hot = StockFactory(on_hand=UNITS, reserved=0, warehouse=plenty.warehouse)
        datas = [
            order_data(
                f"N{round_no}-{n}",
                status="paid",
                lines=[one_of(plenty), one_of(hot)] if n % 2 else [one_of(hot)],
                buyer_nickname=f"tb_新买家{round_no}-{n}",
                receiver_phone=f"137{round_no:04d}{n:04d}",
            )
            for n in range(ARRIVING)
        ]
        # when: every order arrives at once through the create path
        all_at_once([functools.partial(order_upsert, by=None, store=store, data=data) for data in datas])
        # then: five hold the hot units, the others are 缺货 and hold nothing
        hot.refresh_from_db()
        plenty.refresh_from_db()
        orders = Order.objects.filter(platform_order_id__startswith=f"N{round_no}-")
        holding = orders.filter(status="awaiting_shipment", out_of_stock=False)
        assert (hot.on_hand, hot.reserved) == (UNITS, UNITS), f"round {round_no}"
        assert holding.count() == UNITS, f"round {round_no}"
        assert orders.filter(status="under_review", out_of_stock=True).count() == ARRIVING - UNITS, f"round {round_no}"
        assert plenty.reserved == holding.filter(lines__sku=plenty.sku).count(), f"round {round_no}"
        assert OrderLine.objects.filter(order__in=orders, reserved=True).count() == UNITS + plenty.reserved
