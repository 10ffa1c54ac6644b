"""The set-wise write of new orders leaves orders, lines and stock exactly as ``order_upsert`` one by one."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone

from zhanggui.catalog.models import Stock
from zhanggui.orders.imports.validation import OrderBatch
from zhanggui.orders.imports.writing import order_batch_write
from zhanggui.orders.models import Order
from zhanggui.orders.services import OrderData, OrderLineData, order_upsert
from zhanggui.orders.states import OPEN_PAID
from zhanggui.testing.factories import SkuFactory, StockFactory, WarehouseFactory

from .conftest import order_data


class Rollback(Exception):
    """Undo the one-by-one run once it is measured."""


def line(code: str, quantity: int = 1) -> OrderLineData:
    return OrderLineData(title=f"T恤 {code}", unit_price=Decimal("99.00"), quantity=quantity, merchant_code=code)


def state():  # type: ignore[no-untyped-def]
    orders = []
    for order in Order.objects.order_by("platform_order_id").prefetch_related("lines"):
        reasons = sorted(r["code"] for r in order.review_reasons) if order.status in OPEN_PAID else None
        orders.append(
            (
                order.platform_order_id,
                order.status,
                order.out_of_stock,
                order.warehouse_id,
                order.paid_amount,
                order.refunded_amount,
                order.goods_amount,
                [
                    getattr(order, name)
                    for name in ("paid_at", "shipped_at", "delivered_at", "completed_at", "closed_at")
                ],
                order.close_reason,
                reasons,
                [(item.merchant_code, item.sku_id, item.quantity, item.reserved) for item in order.lines.all()],
                list(order.shipments.values_list("carrier", "tracking_no", "shipped_at")),
            )
        )
    stock = sorted(Stock.objects.values_list("sku__merchant_code", "warehouse__code", "on_hand", "reserved"))
    return orders, stock


@pytest.fixture
def far_sku(goods):  # type: ignore[no-untyped-def]
    """A SKU stocked only in a second warehouse (2 units), to exercise the warehouse choice."""
    sku = SkuFactory(product=goods.product, merchant_code="TEE-RED-S", list_price=Decimal("99.00"))
    StockFactory(sku=sku, warehouse=WarehouseFactory(code="sh-2"), on_hand=2, reserved=0)
    return sku


def test_new_orders_written_set_wise_equal_order_upsert_one_by_one(store, goods, far_sku):
    # given orders of every kind: reservable, short of stock, in another warehouse, unmatched,
    # shipped, completed (timed and not), unpaid, closed, and closed after payment (refunded in full or in part)
    orders: list[OrderData] = [
        order_data("A1", status="paid", lines=[line("TEE-WHT-M", 4), line("TEE-BLK-L", 2)]),
        order_data("A2", status="paid", lines=[line("TEE-BLK-L", 2)]),  # 1 left: 缺货
        order_data("A3", status="paid", lines=[line("TEE-RED-S", 3)]),  # only sh-2 has it, too few
        order_data("A4", status="paid", lines=[line("TEE-RED-S", 1)]),
        order_data("A5", status="paid", lines=[line("NO-SUCH-SKU", 1)]),
        order_data("A6", status="shipped", lines=[line("TEE-WHT-M", 2)], carrier="ZTO", tracking_no="78123456789012"),
        order_data("A7", status="completed", lines=[line("TEE-WHT-M", 1)]),
        order_data("A8", status="pending_payment", lines=[line("TEE-WHT-M", 1)]),
        order_data("A9", status="closed", lines=[line("TEE-WHT-M", 1)]),
        order_data(
            "A10",
            status="completed",
            lines=[line("TEE-WHT-M", 1)],
            paid_at=timezone.now() - dt.timedelta(minutes=50),
            shipped_at=timezone.now() - dt.timedelta(minutes=40),
            completed_at=timezone.now() - dt.timedelta(minutes=10),
            carrier="ZTO",
            tracking_no="78123456789013",
        ),
        order_data(
            "A11", status="closed", lines=[line("TEE-WHT-M", 1)], paid_at=timezone.now(), close_reason="不想要了"
        ),
        order_data("A12", status="closed", lines=[line("TEE-WHT-M", 1)], refunded_amount=Decimal("50.00")),
    ]
    # (each by another buyer: new orders of one buyer in one file all see each other as merge candidates)
    orders = [
        replace(data, buyer_nickname=f"tb_{n}", receiver_phone=f"1380000{n:04d}") for n, data in enumerate(orders)
    ]
    before = state()

    # when they go through order_upsert one by one (then undone)
    try:
        with transaction.atomic():
            for data in orders:
                order_upsert(by=None, store=store, data=data)
            one_by_one = state()
            raise Rollback
    except Rollback:
        pass
    assert state() == before

    # and when they are written set-wise by the import
    counts = order_batch_write(by=None, batch=OrderBatch(store_id=store.pk, orders=orders))

    # then orders, lines, shipments and stock are the same
    assert state() == one_by_one
    assert (counts["orders_created"], counts["lines_created"]) == (12, 13)
    assert Order.objects.values_list("paid_amount", "refunded_amount").get(platform_order_id="A11") == (
        Decimal("109.00"),
        Decimal("109.00"),
    )
    assert Order.objects.values_list("paid_amount", "refunded_amount").get(platform_order_id="A12") == (
        Decimal("109.00"),
        Decimal("50.00"),
    )
