"""Orders from a platform: idempotent by store and order number; statuses only move forward."""

from __future__ import annotations

from decimal import Decimal

import pytest

from zhanggui.core.exceptions import ConflictError, NotFoundError, PermissionDeniedError
from zhanggui.core.models import AuditEvent
from zhanggui.orders.models import Buyer, Order
from zhanggui.orders.services import OrderLineData, order_upsert

from .conftest import order_data

pytestmark = pytest.mark.django_db


def test_the_same_order_twice_is_one_order_and_one_audit_row(store, goods, audit_rows):
    # when
    first, outcome1 = order_upsert(by=None, store=store, data=order_data("T1"))
    again, outcome2 = order_upsert(by=None, store=store, data=order_data("T1"))
    # then
    assert (outcome1, outcome2, first.pk) == ("created", "unchanged", again.pk)
    assert Order.objects.count() == 1
    assert [r.action for r in audit_rows()] == ["orders.order.create"]
    line = first.lines.get()
    assert (line.sku, line.line_total, first.goods_amount) == (goods.white, Decimal("198.00"), Decimal("198.00"))
    assert Buyer.objects.get().nickname == "tb_小王"


def test_a_newer_status_applies_and_an_older_one_is_ignored(store, goods, audit_rows):
    # given: created unpaid
    order_upsert(by=None, store=store, data=order_data("T1"))
    # when: the platform reports it paid, then (late) unpaid again
    order, paid = order_upsert(by=None, store=store, data=order_data("T1", status="paid"))
    order, stale = order_upsert(by=None, store=store, data=order_data("T1"))
    # then
    goods.white_stock.refresh_from_db()
    assert (paid, stale, order.status) == ("updated", "unchanged", "awaiting_shipment")
    assert goods.white_stock.reserved == 2
    rows = audit_rows()
    assert [r.action for r in rows] == ["orders.order.create", "orders.order.sync"]
    assert rows[1].after["status_path"] == ["pending_payment", "paid", "awaiting_shipment"]


def test_shipped_on_the_platform_deducts_the_units(store, goods):
    # given
    order_upsert(by=None, store=store, data=order_data("T1", status="paid"))
    # when
    order, outcome = order_upsert(
        by=None, store=store, data=order_data("T1", status="shipped", carrier="ZTO", tracking_no="78123456789012")
    )
    # then
    goods.white_stock.refresh_from_db()
    assert (outcome, order.status, order.shipments.get().tracking_no) == ("updated", "shipped", "78123456789012")
    assert (goods.white_stock.on_hand, goods.white_stock.reserved) == (8, 0)


def test_closed_on_the_platform_after_shipment_is_a_conflict(store, goods):
    order_upsert(by=None, store=store, data=order_data("T1", status="completed"))
    with pytest.raises(ConflictError):
        order_upsert(by=None, store=store, data=order_data("T1", status="closed"))
    assert Order.objects.get().status == "completed"


def test_the_same_number_in_two_stores_is_two_orders(store, other_store, goods):
    order_upsert(by=None, store=store, data=order_data("T1"))
    order_upsert(by=None, store=other_store, data=order_data("T1"))
    assert Order.objects.count() == 2


def test_staff_need_the_import_permission_and_the_store(store, other_store, goods, make_staff, audit_rows):
    with pytest.raises(PermissionDeniedError):
        order_upsert(by=make_staff("cs_agent"), store=store, data=order_data("T1"))
    with pytest.raises(NotFoundError):
        order_upsert(by=make_staff("order_clerk"), store=other_store, data=order_data("T1"))
    assert (Order.objects.count(), audit_rows()) == (0, [])
    _order, outcome = order_upsert(by=make_staff("order_clerk"), store=store, data=order_data("T1"))
    assert outcome == "created"


def test_a_new_paid_order_short_of_one_sku_holds_none_and_waits_as_out_of_stock(store, goods, audit_rows):
    # given: 10 white M (its SKU sorts first, so it is held before black L is found short) and 3 black L
    lines = [
        OrderLineData(title="白色 M", unit_price=Decimal("99.00"), quantity=2, merchant_code="TEE-WHT-M"),
        OrderLineData(title="黑色 L", unit_price=Decimal("99.00"), quantity=4, merchant_code="TEE-BLK-L"),
    ]
    # when
    order, outcome = order_upsert(by=None, store=store, data=order_data("T1", status="paid", lines=lines))
    # then: the white units held first were given back; the order as stored says 缺货
    goods.white_stock.refresh_from_db()
    goods.black_stock.refresh_from_db()
    stored = Order.objects.get(pk=order.pk)
    assert outcome == "created"
    assert (goods.white_stock.reserved, goods.black_stock.reserved) == (0, 0)
    assert (stored.status, stored.out_of_stock, stored.warehouse_id) == ("under_review", True, goods.warehouse.pk)
    assert stored.review_reasons == [{"code": "out_of_stock", "detail": ""}]
    assert list(stored.lines.values_list("reserved", flat=True)) == [False, False]
    assert not AuditEvent.objects.filter(action="catalog.stock.reserve").exists()
    [created] = audit_rows()
    assert created.after == {
        "status": "under_review",
        "status_path": ["pending_payment", "paid", "under_review"],
        "platform_order_id": "T1",
        "lines": 2,
        "paid_amount": "604.00",
    }


def test_a_new_paid_order_holds_its_units_with_one_audit_row_per_stock_row(store, goods, audit_rows):
    # when
    order, _outcome = order_upsert(by=None, store=store, data=order_data("T1", status="paid"))
    # then
    goods.white_stock.refresh_from_db()
    reserve = AuditEvent.objects.get(action="catalog.stock.reserve")
    assert (Order.objects.get(pk=order.pk).status, goods.white_stock.reserved) == ("awaiting_shipment", 2)
    assert (reserve.object_id, reserve.reason) == (str(goods.white_stock.pk), "Order T1")
    assert (reserve.before, reserve.after) == (
        {"on_hand": 10, "reserved": 0},
        {"on_hand": 10, "reserved": 2, "quantity": 2},
    )
    assert [row.action for row in audit_rows()] == ["orders.order.create"]
    assert reserve.pk < audit_rows()[0].pk
