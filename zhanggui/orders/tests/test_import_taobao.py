"""Taobao/Tmall order import (order file + line file): exact values, per-file row errors, re-import, newer status."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from decimal import Decimal

import pytest

from zhanggui.core.models import AuditEvent, ImportStatus
from zhanggui.orders.imports import order_import_confirm, order_import_upload
from zhanggui.orders.models import Buyer, Order, OrderLine, Shipment
from zhanggui.orders.states import OrderStatus

from .import_files import TAOBAO_LINE_HEADER, TAOBAO_ORDER_HEADER, taobao_line, taobao_order, upload

S = OrderStatus
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path


def preview(by, store, orders, lines, capture, kind="csv"):  # type: ignore[no-untyped-def]
    """Upload the pair; the background check runs when the upload commits."""
    with capture(execute=True):
        job = order_import_upload(
            by=by,
            store=store,
            file_format="taobao",
            upload=upload(kind, TAOBAO_ORDER_HEADER, orders, name="ExportOrderList"),
            name=f"ExportOrderList.{kind}",
            companion=upload(kind, TAOBAO_LINE_HEADER, lines, name="ExportOrderDetailList"),
            companion_name=f"ExportOrderDetailList.{kind}",
        )
    job.refresh_from_db()
    return job


def run(by, job, capture):  # type: ignore[no-untyped-def]
    with capture(execute=True):
        order_import_confirm(by=by, job_id=job.pk)
    job.refresh_from_db()
    return job


def import_pair(by, store, orders, lines, capture, kind="csv"):  # type: ignore[no-untyped-def]
    job = preview(by, store, orders, lines, capture, kind)
    assert (job.status, job.errors) == (ImportStatus.PREVIEWED, [])
    return run(by, job, capture)


def state():  # type: ignore[no-untyped-def]
    orders = Order.objects.order_by("platform_order_id").values_list(
        "platform_order_id", "status", "paid_amount", "refunded_amount", "out_of_stock"
    )
    lines = OrderLine.objects.order_by("order__platform_order_id", "pk").values_list(
        "order__platform_order_id", "merchant_code", "quantity", "reserved"
    )
    return list(orders), list(lines)


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_paid_taobao_order_is_read_exactly_and_reserves_its_units(
    kind, clerk, store, goods, django_capture_on_commit_callbacks
):
    # given a Taobao export pair of one paid order with two lines (GBK CSV or XLSX)
    orders = [taobao_order(goods="297.00", total="307.00", paid="307.00", message="请尽快发货")]
    lines = [
        taobao_line(),
        taobao_line(title="纯棉T恤 黑色 L", price="99.00", quantity="1", merchant_code="TEE-BLK-L"),
    ]

    # when it is previewed and confirmed
    job = import_pair(clerk, store, orders, lines, django_capture_on_commit_callbacks, kind)

    # then the order, its buyer, address, amounts and lines are exactly the export's
    assert job.status == ImportStatus.DONE
    order = Order.objects.get()
    assert (order.platform_order_id, order.buyer.nickname, order.status) == (
        "3312345678901234",
        "tb_小王",
        S.AWAITING_SHIPMENT,
    )
    assert (order.province, order.city, order.district, order.address_detail) == (
        "浙江省",
        "杭州市",
        "西湖区",
        "文三路100号",
    )
    assert (order.receiver_name, order.receiver_phone, order.buyer_message) == ("王小二", "13800001111", "请尽快发货")
    assert (order.goods_amount, order.shipping_fee, order.paid_amount, order.platform_discount) == (
        Decimal("297.00"),
        Decimal("10.00"),
        Decimal("307.00"),
        Decimal("0.00"),
    )
    assert order.created_at == dt.datetime(2026, 11, 20, 10, 15, 30, tzinfo=SHANGHAI)
    assert order.paid_at == dt.datetime(2026, 11, 20, 10, 16, 2, tzinfo=SHANGHAI)
    assert order.warehouse == goods.warehouse
    assert list(
        order.lines.order_by("pk").values_list(
            "merchant_code", "sku", "unit_price", "quantity", "attributes", "reserved"
        )
    ) == [
        ("TEE-WHT-M", goods.white.pk, Decimal("99.00"), 2, "颜色分类：白色;尺码：M", True),
        ("TEE-BLK-L", goods.black.pk, Decimal("99.00"), 1, "颜色分类：白色;尺码：M", True),
    ]
    goods.white_stock.refresh_from_db()
    goods.black_stock.refresh_from_db()
    assert (goods.white_stock.on_hand, goods.white_stock.reserved) == (10, 2)
    assert (goods.black_stock.on_hand, goods.black_stock.reserved) == (3, 1)
    # and the batch is audited once, with its counts
    audit = AuditEvent.objects.get(action="orders.import")
    assert (audit.after["orders_created"], audit.after["lines_created"], audit.after["units_reserved"]) == (1, 2, 3)


def test_statuses_closed_unpaid_shipped_and_completed_orders_take_their_stock_effects(
    clerk, store, goods, django_capture_on_commit_callbacks
):
    # given four orders: unpaid, closed, shipped with a ZTO tracking number, completed
    orders = [
        taobao_order("1001", status="等待买家付款", paid="0.00", paid_at=""),
        taobao_order("1002", status="交易关闭", paid="0.00", paid_at=""),
        taobao_order("1003", status="卖家已发货，等待买家确认", carrier="中通快递", tracking="No:78123456789012"),
        taobao_order("1004", status="交易成功"),
    ]
    lines = [taobao_line(number) for number in ("1001", "1002", "1003", "1004")]

    # when they are imported
    import_pair(clerk, store, orders, lines, django_capture_on_commit_callbacks)

    # then each has its status, shipped ones left stock, and the shipment is recorded
    assert state()[0] == [
        ("1001", S.PENDING_PAYMENT, Decimal("0.00"), Decimal("0.00"), False),
        ("1002", S.CLOSED, Decimal("0.00"), Decimal("0.00"), False),
        ("1003", S.SHIPPED, Decimal("208.00"), Decimal("0.00"), False),
        ("1004", S.COMPLETED, Decimal("208.00"), Decimal("0.00"), False),
    ]
    goods.white_stock.refresh_from_db()
    assert (goods.white_stock.on_hand, goods.white_stock.reserved) == (6, 0)
    assert list(Shipment.objects.values_list("order__platform_order_id", "carrier", "tracking_no")) == [
        ("1003", "ZTO", "78123456789012")
    ]


def test_bad_rows_are_reported_by_file_row_and_column_and_nothing_is_imported(
    clerk, store, goods, django_capture_on_commit_callbacks
):
    # given an order file with a bad amount and an unknown status, and a line of an unknown order
    orders = [
        taobao_order("1001", paid="12,3x"),
        taobao_order("1002", status="等待外星人付款"),
    ]
    lines = [taobao_line("1001"), taobao_line("1002", quantity="0"), taobao_line("9999")]

    # when it is previewed
    job = preview(clerk, store, orders, lines, django_capture_on_commit_callbacks)

    # then every problem names its file, row and column, and nothing can be confirmed
    assert job.status == ImportStatus.PREVIEWED
    assert job.errors == [
        {"file": "ExportOrderList.csv", "row": 2, "field": "买家实际支付金额", "message": "Enter an amount."},
        {
            "file": "ExportOrderList.csv",
            "row": 3,
            "field": "订单状态",
            "message": "Unknown order status “等待外星人付款”.",
        },
        {
            "file": "ExportOrderDetailList.csv",
            "row": 3,
            "field": "购买数量",
            "message": "Enter a whole number of one or more.",
        },
        {
            "file": "ExportOrderDetailList.csv",
            "row": 4,
            "field": "订单编号",
            "message": "Order 9999 is not in the order file.",
        },
    ]
    assert (job.total_rows, job.error_count) == (5, 4)
    assert not Order.objects.exists()
    assert not Buyer.objects.exists()


def test_importing_the_same_files_again_changes_nothing(clerk, store, goods, django_capture_on_commit_callbacks):
    # given an imported pair
    orders = [taobao_order("1001"), taobao_order("1002", status="交易成功")]
    lines = [taobao_line("1001"), taobao_line("1002", quantity="1")]
    first = import_pair(clerk, store, orders, lines, django_capture_on_commit_callbacks)
    before = state()
    stock = goods.white_stock.__class__.objects.values_list("on_hand", "reserved").get(pk=goods.white_stock.pk)

    # when the same files are imported again
    again = import_pair(clerk, store, orders, lines, django_capture_on_commit_callbacks)

    # then nothing changed: same rows, same stock, no order audit rows, one batch audit each
    assert (first.result["orders_created"], again.result["orders_created"]) == (2, 0)
    assert (again.result["orders_unchanged"], again.result["orders_updated"]) == (2, 0)
    assert state() == before
    assert goods.white_stock.__class__.objects.values_list("on_hand", "reserved").get(pk=goods.white_stock.pk) == stock
    assert not AuditEvent.objects.filter(action__startswith="orders.order.").exists()
    assert AuditEvent.objects.filter(action="orders.import").count() == 2


def test_a_newer_status_moves_the_order_forward_and_an_older_one_is_ignored(
    clerk, store, goods, django_capture_on_commit_callbacks
):
    # given an imported paid order (2 units reserved)
    import_pair(clerk, store, [taobao_order("1001")], [taobao_line("1001")], django_capture_on_commit_callbacks)

    # when a later export reports it shipped, and an earlier one unpaid
    shipped = taobao_order("1001", status="卖家已发货，等待买家确认", carrier="顺丰速运", tracking="SF1234567890123")
    job = import_pair(clerk, store, [shipped], [taobao_line("1001")], django_capture_on_commit_callbacks)
    unpaid = taobao_order("1001", status="等待买家付款")
    old = import_pair(clerk, store, [unpaid], [taobao_line("1001")], django_capture_on_commit_callbacks)

    # then it moved forward once, through the services: units deducted, shipment recorded, audited
    assert (job.result["orders_updated"], old.result["orders_unchanged"]) == (1, 1)
    order = Order.objects.get()
    assert order.status == S.SHIPPED
    goods.white_stock.refresh_from_db()
    assert (goods.white_stock.on_hand, goods.white_stock.reserved) == (8, 0)
    assert list(order.shipments.values_list("carrier", "tracking_no")) == [("SF", "SF1234567890123")]
    assert list(AuditEvent.objects.filter(action="orders.order.sync").values_list("after__status", flat=True)) == [
        S.SHIPPED
    ]


def test_a_closed_status_for_a_shipped_order_is_reported_on_its_row(
    clerk, store, goods, django_capture_on_commit_callbacks
):
    # given a shipped order
    shipped = taobao_order("1001", status="卖家已发货，等待买家确认")
    import_pair(clerk, store, [shipped], [taobao_line("1001")], django_capture_on_commit_callbacks)

    # when a file reports it closed
    job = preview(
        clerk,
        store,
        [taobao_order("1001", status="交易关闭")],
        [taobao_line("1001")],
        django_capture_on_commit_callbacks,
    )

    # then the preview says why on the order's row
    assert job.errors == [
        {
            "file": "ExportOrderList.csv",
            "row": 2,
            "field": "订单状态",
            "message": "Order 1001 was already shipped; the platform now reports it closed.",
        }
    ]


def test_a_missing_line_file_is_refused_at_upload(clerk, store, django_capture_on_commit_callbacks):
    from zhanggui.core.exceptions import ValidationFailed

    # when only the order file is uploaded
    with pytest.raises(ValidationFailed) as caught:
        order_import_upload(
            by=clerk,
            store=store,
            file_format="taobao",
            upload=upload("csv", TAOBAO_ORDER_HEADER, [taobao_order()]),
            name="orders.csv",
        )

    # then the second file is asked for
    assert [(e.field, e.message) for e in caught.value.errors] == [("companion_file", "Upload the second file too.")]
