"""Eight buyers pay at once for the last five units: five orders get them, three wait as 缺货.

Run on PostgreSQL (``DATABASE_URL=postgres://…``): SQLite serialises writers, so the race
this guards against cannot happen there.
"""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.db import connection

from zhanggui.catalog.models import Stock
from zhanggui.orders.models import Order
from zhanggui.orders.services import OrderLineData, order_pay, order_upsert
from zhanggui.testing.factories import StockFactory

from .conftest import order_data

BUYERS = 8
UNITS = 5
ROUNDS = 100


def pay_all(orders: list[Order]) -> None:
    """Release one thread per order at once, each paying its order."""
    barrier = threading.Barrier(len(orders))
    errors: list[BaseException] = []

    def buyer(order: Order) -> None:
        try:
            barrier.wait(timeout=30)
            order_pay(by=None, order=order)
        except BaseException as exc:  # noqa: BLE001 - reported to the main thread below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=buyer, args=(order,)) for order in orders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []


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
