"""Eight buyers race for the last five units: exactly five get one, nothing is lost or oversold.

Run on PostgreSQL (``DATABASE_URL=postgres://…``): SQLite serialises writers, so the race
this guards against cannot happen there.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from zhanggui.catalog import services
from zhanggui.catalog.models import Stock
from zhanggui.core.models import AuditEvent
from zhanggui.testing.factories import StockFactory

BUYERS = 8
UNITS = 5
ROUNDS = 100


def race(target, stock: Stock) -> list[bool]:  # type: ignore[no-untyped-def]
    """Release BUYERS threads at once, each taking one unit with ``target``; their results."""
    barrier = threading.Barrier(BUYERS)
    results: list[bool] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def buyer() -> None:
        try:
            barrier.wait(timeout=30)
            outcome = target(sku_id=stock.sku_id, warehouse_id=stock.warehouse_id, quantity=1)
            with lock:
                results.append(outcome)
        except BaseException as exc:  # noqa: BLE001 - reported to the main thread below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=buyer) for _ in range(BUYERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    return results


@pytest.mark.slow
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_eight_buyers_reserve_the_last_five_units():
    for round_no in range(ROUNDS):
        # given: 5 units on hand, none reserved
        stock = StockFactory(on_hand=UNITS, reserved=0)
        events_before = AuditEvent.objects.count()
        # when
        results = race(services.stock_reserve, stock)
        # then
        stock.refresh_from_db()
        assert sorted(results) == [False] * (BUYERS - UNITS) + [True] * UNITS, f"round {round_no}"
        assert (stock.on_hand, stock.reserved) == (UNITS, UNITS), f"round {round_no}"
        assert AuditEvent.objects.count() == events_before + UNITS


@pytest.mark.slow
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_eight_buyers_take_the_last_five_units_without_reservation():
    for round_no in range(ROUNDS):
        # given: 5 units on hand, none reserved
        stock = StockFactory(on_hand=UNITS, reserved=0)
        # when
        results = race(services.stock_decrement, stock)
        # then
        stock.refresh_from_db()
        assert results.count(True) == UNITS, f"round {round_no}"
        assert (stock.on_hand, stock.reserved) == (0, 0), f"round {round_no}"
