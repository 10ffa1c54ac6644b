"""The set-wise stock service of order imports: locked rows, moves decided in memory, one write."""

from __future__ import annotations

import pytest

from zhanggui.catalog.models import Stock
from zhanggui.catalog.services import StockBatch, stock_batch_write
from zhanggui.core.models import AuditEvent
from zhanggui.testing.factories import SkuFactory, StockFactory, WarehouseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def shelves():  # type: ignore[no-untyped-def]
    """Two SKUs in the Hangzhou warehouse (10 and 3 available), one in a closed warehouse."""
    hangzhou = WarehouseFactory(code="hz-main")
    closed = WarehouseFactory(code="old", is_active=False)
    shirt = SkuFactory(merchant_code="NM-T01-M")
    scarf = SkuFactory(merchant_code="NM-S01")
    StockFactory(sku=shirt, warehouse=hangzhou, on_hand=12, reserved=2)
    StockFactory(sku=scarf, warehouse=hangzhou, on_hand=3, reserved=0)
    StockFactory(sku=shirt, warehouse=closed, on_hand=50, reserved=0)
    return hangzhou, closed, shirt, scarf


def rows():  # type: ignore[no-untyped-def]
    return set(Stock.objects.values_list("sku__merchant_code", "warehouse__code", "on_hand", "reserved"))


def test_a_batch_sees_only_active_warehouses_and_reserves_all_or_nothing(shelves, make_staff):
    # given the locked stock of both SKUs
    hangzhou, _closed, shirt, scarf = shelves
    batch = StockBatch({shirt.pk, scarf.pk})
    assert dict(batch.available) == {hangzhou.pk: {shirt.pk: 10, scarf.pk: 3}}

    # when an order needs more scarves than are available, then nothing of it is held
    assert batch.reserve(warehouse_id=hangzhou.pk, units={shirt.pk: 2, scarf.pk: 4}) is False
    assert batch.available[hangzhou.pk] == {shirt.pk: 10, scarf.pk: 3}

    # when two orders fit, then both are held and the second sees what the first took
    assert batch.reserve(warehouse_id=hangzhou.pk, units={shirt.pk: 6, scarf.pk: 3}) is True
    assert batch.reserve(warehouse_id=hangzhou.pk, units={shirt.pk: 4}) is True
    assert batch.reserve(warehouse_id=hangzhou.pk, units={shirt.pk: 1}) is False
    assert batch.available[hangzhou.pk] == {shirt.pk: 0, scarf.pk: 0}


def test_writing_a_batch_moves_each_row_once_with_one_audit_row(shelves, make_staff):
    # given a batch that reserves 6 shirts and 3 scarves and ships 4 of the shirts
    clerk = make_staff("order_clerk")
    hangzhou, _closed, shirt, scarf = shelves
    batch = StockBatch({shirt.pk, scarf.pk})
    batch.reserve(warehouse_id=hangzhou.pk, units={shirt.pk: 6, scarf.pk: 3})
    batch.deduct(warehouse_id=hangzhou.pk, units={shirt.pk: 4})

    # when it is written
    counts = stock_batch_write(by=clerk, batch=batch, reason="导入订单")

    # then the rows moved by exactly those units, and one audit row tells both rows' counts
    assert counts == {"units_reserved": 5, "units_shipped": 4}
    assert rows() == {("NM-T01-M", "hz-main", 8, 4), ("NM-S01", "hz-main", 3, 3), ("NM-T01-M", "old", 50, 0)}
    event = AuditEvent.objects.get()
    assert (event.actor, event.action, event.reason) == (clerk, "catalog.stock.batch_move", "导入订单")
    assert event.before == {
        "NM-T01-M@hz-main": {"on_hand": 12, "reserved": 2},
        "NM-S01@hz-main": {"on_hand": 3, "reserved": 0},
    }
    assert event.after == {
        "NM-T01-M@hz-main": {"on_hand": 8, "reserved": 4},
        "NM-S01@hz-main": {"on_hand": 3, "reserved": 3},
    }


def test_a_batch_that_moved_nothing_writes_nothing(shelves, make_staff):
    # given a batch in which no order could be held
    _hangzhou, _closed, shirt, scarf = shelves
    batch = StockBatch({shirt.pk, scarf.pk})

    # when it is written, then no row changed and nothing was audited
    assert stock_batch_write(by=make_staff("order_clerk"), batch=batch, reason="导入订单") == {
        "units_reserved": 0,
        "units_shipped": 0,
    }
    assert rows() == {("NM-T01-M", "hz-main", 12, 2), ("NM-S01", "hz-main", 3, 0), ("NM-T01-M", "old", 50, 0)}
    assert AuditEvent.objects.count() == 0


def test_a_batch_cannot_deduct_units_it_did_not_reserve(shelves):
    # given a batch that reserved nothing
    hangzhou, _closed, shirt, _scarf = shelves
    batch = StockBatch({shirt.pk})

    # when it is asked to ship a unit, then it refuses
    with pytest.raises(ValueError, match="reserved"):
        batch.deduct(warehouse_id=hangzhou.pk, units={shirt.pk: 1})
