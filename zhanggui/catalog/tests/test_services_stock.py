"""Stock services: counts set by staff, units moved by orders, warehouses."""

from __future__ import annotations

import pytest

from zhanggui.catalog import services
from zhanggui.catalog.models import Stock, Warehouse
from zhanggui.core.exceptions import ConflictError, NotFoundError, PermissionDeniedError, ValidationFailed
from zhanggui.core.models import AuditEvent
from zhanggui.testing.factories import WarehouseFactory


def counts(stock):  # type: ignore[no-untyped-def]
    stock.refresh_from_db()
    return (stock.on_hand, stock.reserved)


def test_stock_adjust_sets_the_count(make_staff, catalog, audit_count):
    # given: 20 on hand, 5 reserved
    clerk = make_staff("order_clerk")
    before = audit_count()
    # when
    services.stock_adjust(by=clerk, sku=catalog.white, warehouse=catalog.warehouse, on_hand=12, reason="盘点")
    # then
    assert counts(catalog.white_stock) == (12, 5)
    assert audit_count() == before + 1
    event = AuditEvent.objects.latest("id")
    assert (event.action, event.before, event.after, event.reason) == (
        "catalog.stock.adjust",
        {"on_hand": 20},
        {"on_hand": 12},
        "盘点",
    )


def test_stock_adjust_cannot_go_below_reserved(make_staff, catalog, audit_count):
    # given: 5 units are reserved
    clerk = make_staff("order_clerk")
    before = audit_count()
    # when / then
    with pytest.raises(ConflictError) as error:
        services.stock_adjust(by=clerk, sku=catalog.white, warehouse=catalog.warehouse, on_hand=4, reason="盘点")
    assert error.value.errors[0].field == "on_hand"
    assert counts(catalog.white_stock) == (20, 5)
    assert audit_count() == before


def test_stock_adjust_denied_and_out_of_scope(make_staff, catalog, audit_count):
    # given
    agent, clerk = make_staff("cs_agent"), make_staff("order_clerk")
    before = audit_count()
    # when / then
    with pytest.raises(PermissionDeniedError):
        services.stock_adjust(by=agent, sku=catalog.white, warehouse=catalog.warehouse, on_hand=1, reason="盘点")
    with pytest.raises(NotFoundError):
        services.stock_adjust(by=clerk, sku=catalog.their_sku, warehouse=catalog.warehouse, on_hand=1, reason="盘点")
    assert counts(catalog.white_stock) == (20, 5)
    assert counts(catalog.their_stock) == (3, 0)
    assert audit_count() == before


def test_stock_adjust_creates_the_row_in_a_new_warehouse(make_staff, catalog, audit_count):
    # given
    clerk = make_staff("order_clerk")
    second = WarehouseFactory(code="gz", name="广州仓")
    before = audit_count()
    # when
    stock = services.stock_adjust(by=clerk, sku=catalog.white, warehouse=second, on_hand=7, reason="调拨入库")
    # then
    assert (stock.on_hand, stock.reserved) == (7, 0)
    assert audit_count() == before + 1
    assert AuditEvent.objects.latest("id").before == {"on_hand": None}


def test_stock_batch_adjust_is_all_or_nothing(make_staff, catalog, audit_count):
    # given: white has 5 reserved, black none
    operator = make_staff("operator")
    before = audit_count()
    lines = [
        services.StockCount(catalog.white, catalog.warehouse, 3),
        services.StockCount(catalog.black, catalog.warehouse, 3),
    ]
    # when / then
    with pytest.raises(ConflictError) as error:
        services.stock_batch_adjust(by=operator, counts=lines, reason="盘点")
    assert [e.field for e in error.value.errors] == ["counts.TEE-WHT-M@hz-main"]
    assert counts(catalog.white_stock) == (20, 5)
    assert counts(catalog.black_stock) == (8, 0)
    assert audit_count() == before


def test_stock_batch_adjust_writes_one_audit_row(make_staff, catalog, audit_count):
    # given
    operator = make_staff("operator")
    before = audit_count()
    lines = [
        services.StockCount(catalog.white, catalog.warehouse, 30),
        services.StockCount(catalog.black, catalog.warehouse, 30),
    ]
    # when
    services.stock_batch_adjust(by=operator, counts=lines, reason="到货")
    # then
    assert counts(catalog.white_stock) == (30, 5)
    assert counts(catalog.black_stock) == (30, 0)
    assert audit_count() == before + 1
    assert AuditEvent.objects.latest("id").after == {
        "TEE-WHT-M@hz-main": {"on_hand": 30},
        "TEE-BLK-L@hz-main": {"on_hand": 30},
    }


def test_stock_threshold_set(make_staff, catalog, audit_count):
    # given
    operator = make_staff("operator")
    before = audit_count()
    # when
    services.stock_threshold_set(by=operator, stocks=[catalog.white_stock, catalog.black_stock], low_stock_threshold=3)
    # then
    assert list(Stock.objects.filter(sku__product=catalog.product).values_list("low_stock_threshold", flat=True)) == [
        3,
        3,
    ]
    assert audit_count() == before + 1


def test_reserve_release_deduct_decrement(catalog, audit_count):
    # given: 20 on hand, 5 reserved → 15 available
    ids = {"sku_id": catalog.white.pk, "warehouse_id": catalog.warehouse.pk}
    before = audit_count()
    # when / then
    assert services.stock_reserve(**ids, quantity=15) is True
    assert counts(catalog.white_stock) == (20, 20)
    assert services.stock_reserve(**ids, quantity=1) is False
    assert services.stock_decrement(**ids, quantity=1) is False
    assert services.stock_release(**ids, quantity=10) is True
    assert counts(catalog.white_stock) == (20, 10)
    assert services.stock_deduct(**ids, quantity=4) is True
    assert counts(catalog.white_stock) == (16, 6)
    assert services.stock_decrement(**ids, quantity=10) is True
    assert counts(catalog.white_stock) == (6, 6)
    assert services.stock_deduct(**ids, quantity=7) is False
    assert services.stock_release(**ids, quantity=7) is False
    assert counts(catalog.white_stock) == (6, 6)
    # one audit row per successful call, none for refused ones
    assert audit_count() == before + 4
    event = AuditEvent.objects.latest("id")
    assert (event.action, event.actor_name, event.before, event.after) == (
        "catalog.stock.decrement",
        "system",
        {"on_hand": 16, "reserved": 6},
        {"on_hand": 6, "reserved": 6, "quantity": 10},
    )


def test_reserve_credits_the_acting_staff_member(make_staff, catalog):
    # given
    clerk = make_staff("order_clerk")
    # when
    reserved = services.stock_reserve(
        sku_id=catalog.black.pk, warehouse_id=catalog.warehouse.pk, quantity=2, by=clerk, reason="订单 E1001"
    )
    # then
    assert reserved is True
    event = AuditEvent.objects.latest("id")
    assert (event.actor_id, event.reason) == (clerk.pk, "订单 E1001")


def test_moves_refuse_non_positive_quantities_and_missing_rows(catalog, audit_count):
    # given
    before = audit_count()
    # when / then
    with pytest.raises(ValidationFailed):
        services.stock_reserve(sku_id=catalog.white.pk, warehouse_id=catalog.warehouse.pk, quantity=0)
    assert services.stock_reserve(sku_id=catalog.white.pk, warehouse_id=catalog.warehouse.pk + 100, quantity=1) is False
    assert counts(catalog.white_stock) == (20, 5)
    assert audit_count() == before


def test_warehouse_create_and_update(make_staff, audit_count):
    # given
    manager = make_staff("manager")
    before = audit_count()
    # when
    warehouse = services.warehouse_create(by=manager, code="SH-01", name="上海仓", region="上海")
    services.warehouse_update(by=manager, warehouse=warehouse, name="上海一号仓", region="上海", is_active=False)
    # then
    warehouse.refresh_from_db()
    assert (warehouse.code, warehouse.name, warehouse.is_active) == ("sh-01", "上海一号仓", False)
    assert audit_count() == before + 2


def test_warehouse_create_denied_to_operator(make_staff, audit_count):
    # given
    operator = make_staff("operator")
    before = audit_count()
    # when / then
    with pytest.raises(PermissionDeniedError):
        services.warehouse_create(by=operator, code="bj", name="北京仓")
    assert not Warehouse.objects.filter(code="bj").exists()
    assert audit_count() == before
