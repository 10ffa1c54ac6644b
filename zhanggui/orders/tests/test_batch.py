"""Batch approve, memo and ship: each order on its own; denied batches write nothing."""

from __future__ import annotations

import pytest

from zhanggui.core.exceptions import PermissionDeniedError
from zhanggui.orders.models import Shipment
from zhanggui.orders.services import (
    BatchResult,
    ShipItem,
    order_batch_approve,
    order_batch_memo_set,
    order_batch_ship,
)

pytestmark = pytest.mark.django_db


def buyer(n: int) -> dict[str, str]:
    """A buyer of their own, so the orders are no merge candidates of each other."""
    return {"buyer_nickname": f"tb_买家{n}", "receiver_phone": f"1380000{n:04d}"}


def test_batch_approve_reports_each_order(make_order, make_staff, other_store, audit_rows):
    # given: two held orders (the buyer asks for speed), one already released, one of another store
    held_1 = make_order("T1", **buyer(1), status="paid", buyer_message="加急")
    held_2 = make_order("T2", **buyer(2), status="paid", buyer_message="加急")
    released = make_order("T3", **buyer(3), status="paid")
    foreign = make_order("T4", **buyer(4), status="paid", buyer_message="加急", store=other_store)
    before = len(audit_rows())
    # when
    result = order_batch_approve(
        by=make_staff("order_clerk"), order_ids=[held_1.pk, released.pk, foreign.pk, held_2.pk], reason="已核对"
    )
    # then
    assert result == BatchResult(
        done=[held_1.pk, held_2.pk],
        errors={released.pk: "Order T3 is “Awaiting shipment”, not under review.", foreign.pk: "No such order."},
    )
    held_1.refresh_from_db()
    foreign.refresh_from_db()
    assert (held_1.status, foreign.status) == ("awaiting_shipment", "under_review")
    rows = audit_rows()[before:]
    assert [(row.action, row.object_id, row.reason) for row in rows] == [
        ("orders.order.approve", str(held_1.pk), "已核对"),
        ("orders.order.approve", str(held_2.pk), "已核对"),
    ]


def test_batch_denied_writes_nothing(make_order, make_staff, audit_rows):
    # given: customer service may edit memos but not approve
    held = make_order("T1", **buyer(1), status="paid", buyer_message="加急")
    before = len(audit_rows())
    # when / then
    with pytest.raises(PermissionDeniedError):
        order_batch_approve(by=make_staff("cs_agent"), order_ids=[held.pk])
    with pytest.raises(PermissionDeniedError):
        order_batch_ship(by=make_staff("cs_agent"), items=[ShipItem(held.pk, "ZTO", "78123456789012")])
    held.refresh_from_db()
    assert (held.status, len(audit_rows())) == ("under_review", before)


def test_batch_memo_sets_each_order_and_skips_shipped(make_order, make_staff, audit_rows):
    # given
    clerk = make_staff("order_clerk")
    open_order = make_order("T1", **buyer(1), status="paid")
    shipped = make_order("T2", **buyer(2), status="shipped", carrier="ZTO", tracking_no="78123456789012")
    # when
    result = order_batch_memo_set(by=clerk, order_ids=[open_order.pk, shipped.pk, 999999], memo="双十一", flag="red")
    # then
    assert result.done == [open_order.pk]
    assert result.errors == {
        shipped.pk: "Order T2 is already “Shipped”; it can no longer be edited.",
        999999: "No such order.",
    }
    open_order.refresh_from_db()
    assert (open_order.seller_memo, open_order.memo_flag) == ("双十一", "red")


def test_batch_ship_checks_each_row(make_order, make_staff):
    # given
    clerk = make_staff("order_clerk")
    first = make_order("T1", **buyer(1), status="paid")
    second = make_order("T2", **buyer(2), status="paid")
    twice = make_order("T3", **buyer(3), status="paid")
    # when
    result = order_batch_ship(
        by=clerk,
        items=[
            ShipItem(first.pk, "SF", "SF1234567890123"),
            ShipItem(second.pk, "YTO", "12345"),
            ShipItem(twice.pk, "ZTO", "78123456789012"),
            ShipItem(twice.pk, "ZTO", "78123456789013"),
        ],
    )
    # then
    assert result.done == [first.pk]
    assert result.errors == {
        second.pk: "12345 is not a YTO Express tracking number.",
        twice.pk: "This order is listed more than once.",
    }
    assert list(Shipment.objects.values_list("order_id", "carrier", "tracking_no")) == [
        (first.pk, "SF", "SF1234567890123")
    ]
    second.refresh_from_db()
    assert second.status == "awaiting_shipment"
