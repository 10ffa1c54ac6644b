"""Step times of imported orders (Taobao pair, JD, generic) and of ``order_upsert``: taken from the
platform, a paid order without a payment time paid when ordered, every other untimed step empty."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest

from zhanggui.core.models import ImportStatus
from zhanggui.orders.imports import order_import_mapping_save
from zhanggui.orders.imports.validation import OrderBatch
from zhanggui.orders.imports.writing import order_batch_write
from zhanggui.orders.models import Order, Shipment
from zhanggui.orders.selectors import opening_checklist, order_timeline
from zhanggui.orders.services import order_complete_delivered_expired, order_stuck_shipments_flag, order_upsert
from zhanggui.orders.states import OrderStatus

from .conftest import order_data
from .import_files import JD_HEADER, jd_line, taobao_line, taobao_order, upload
from .test_import_formats import imported
from .test_import_taobao import import_pair

S = OrderStatus
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
TIMES = ("created_at", "paid_at", "shipped_at", "delivered_at", "completed_at", "closed_at")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


def times(number: str) -> tuple[dt.datetime | None, ...]:
    return Order.objects.values_list(*TIMES).get(platform_order_id=number)


def test_taobao_times_come_from_their_columns_and_untimed_steps_stay_empty(
    clerk, store, goods, django_capture_on_commit_callbacks
):
    # given a completed order with every time, a completed one with the order time only, and a
    # shipped one whose shipping time the export leaves out
    orders = [
        taobao_order(
            "1001",
            status="交易成功",
            created="2026-11-01 09:00:00",
            paid_at="2026-11-01 09:05:00",
            shipped_at="2026-11-02 14:00:00",
            completed_at="2026-11-09 20:30:00",
        ),
        taobao_order("1002", status="交易成功", created="2026-11-03 10:00:00", paid_at=""),
        taobao_order(
            "1003",
            status="卖家已发货，等待买家确认",
            created="2026-11-04 11:00:00",
            paid_at="2026-11-04 11:01:00",
            carrier="中通快递",
            tracking="78123456789012",
        ),
    ]
    lines = [taobao_line(number) for number in ("1001", "1002", "1003")]

    # when the pair is imported
    job = import_pair(clerk, store, orders, lines, django_capture_on_commit_callbacks)

    # then each time is the export's; the unpaid-timed order was paid when ordered; nothing is the import's
    assert job.status == ImportStatus.DONE
    assert times("1001") == (
        at("2026-11-01 09:00:00"),
        at("2026-11-01 09:05:00"),
        at("2026-11-02 14:00:00"),
        None,
        at("2026-11-09 20:30:00"),
        None,
    )
    assert times("1002") == (at("2026-11-03 10:00:00"), at("2026-11-03 10:00:00"), None, None, None, None)
    assert times("1003") == (at("2026-11-04 11:00:00"), at("2026-11-04 11:01:00"), None, None, None, None)
    assert list(Shipment.objects.values_list("order__platform_order_id", "tracking_no", "shipped_at")) == [
        ("1003", "78123456789012", None)
    ]


def test_jd_times_come_from_their_columns(clerk, store, goods, django_capture_on_commit_callbacks):
    # given a finished JD order timed throughout, and one without payment, dispatch or completion times
    rows = [
        jd_line(
            "2801",
            status="完成",
            created="2026-11-05 08:00:00",
            paid_at="2026-11-05 08:01:00",
            shipped_at="2026-11-05 18:00:00",
            completed_at="2026-11-12 09:00:00",
        ),
        jd_line("2802", status="完成", created="2026-11-06 08:00:00", paid_at=""),
    ]

    # when it is imported
    job = imported(clerk, store, "jd", upload("csv", JD_HEADER, rows, name="jd"), django_capture_on_commit_callbacks)

    # then
    assert job.status == ImportStatus.DONE
    assert times("2801") == (
        at("2026-11-05 08:00:00"),
        at("2026-11-05 08:01:00"),
        at("2026-11-05 18:00:00"),
        None,
        at("2026-11-12 09:00:00"),
        None,
    )
    assert times("2802") == (at("2026-11-06 08:00:00"), at("2026-11-06 08:00:00"), None, None, None, None)


def test_generic_times_are_the_mapped_columns_or_empty(clerk, store, goods, django_capture_on_commit_callbacks):
    # given a mapping of the order time only plus optional step columns, and a file using them for one order
    mapping = {
        "order_no": "单号",
        "buyer": "客户",
        "status": "状态",
        "created": "下单",
        "title": "品名",
        "merchant_code": "货号",
        "price": "单价",
        "quantity": "件数",
        "shipped_at": "发出",
        "delivered_at": "签收",
        "completed_at": "完成",
        "closed_at": "关闭",
    }
    order_import_mapping_save(by=clerk, store=store, columns=mapping)
    header = list(mapping.values())
    rows = [
        ["G1", "c1", "交易成功", "2026-11-07 10:00:00", "T恤", "TEE-WHT-M", "99.00", "1", "", "", "", ""],
        [
            "G2",
            "c2",
            "completed",
            "2026-11-07 11:00:00",
            "T恤",
            "TEE-WHT-M",
            "99.00",
            "1",
            "2026-11-08 09:00:00",
            "2026-11-10 15:00:00",
            "2026-11-17 15:00:00",
            "",
        ],
        [
            "G3",
            "c3",
            "交易关闭",
            "2026-11-07 12:00:00",
            "T恤",
            "TEE-WHT-M",
            "99.00",
            "1",
            "",
            "",
            "",
            "2026-11-07 13:00",
        ],
        ["G4", "c4", "待付款", "2026-11-07 13:00:00", "T恤", "TEE-WHT-M", "99.00", "1", "", "", "", ""],
    ]
    file = upload("csv", header, rows, name="generic")

    # when it is imported
    job = imported(clerk, store, "generic", file, django_capture_on_commit_callbacks)

    # then (UCI Online Retail's case, G1: paid when ordered, every later step empty)
    assert job.status == ImportStatus.DONE
    assert times("G1") == (at("2026-11-07 10:00:00"), at("2026-11-07 10:00:00"), None, None, None, None)
    assert times("G2") == (
        at("2026-11-07 11:00:00"),
        at("2026-11-07 11:00:00"),
        at("2026-11-08 09:00:00"),
        at("2026-11-10 15:00:00"),
        at("2026-11-17 15:00:00"),
        None,
    )
    assert times("G3") == (at("2026-11-07 12:00:00"), None, None, None, None, at("2026-11-07 13:00:00"))
    assert times("G4") == (at("2026-11-07 13:00:00"), None, None, None, None, None)


def test_order_upsert_applies_the_same_rule_to_new_and_known_orders(store, goods):
    # given an order the platform reports paid without a payment time, and one completed with its times
    ordered = at("2026-11-10 09:00:00")
    paid, _ = order_upsert(by=None, store=store, data=order_data("U1", status="paid", created_at=ordered))
    done, _ = order_upsert(
        by=None,
        store=store,
        data=order_data(
            "U2",
            status="completed",
            created_at=ordered,
            paid_at=at("2026-11-10 09:02:00"),
            shipped_at=at("2026-11-11 09:00:00"),
            delivered_at=at("2026-11-13 09:00:00"),
            completed_at=at("2026-11-14 09:00:00"),
        ),
    )

    # when the first is later reported shipped and completed, without times, with a tracking number
    order_upsert(
        by=None,
        store=store,
        data=order_data("U1", status="completed", created_at=ordered, carrier="ZTO", tracking_no="78123456789012"),
    )

    # then the payment was when ordered, the untimed steps are empty, the timed ones the platform's
    assert times("U1") == (ordered, ordered, None, None, None, None)
    assert Shipment.objects.get(order__platform_order_id="U1").shipped_at is None
    assert times("U2") == (
        ordered,
        at("2026-11-10 09:02:00"),
        at("2026-11-11 09:00:00"),
        at("2026-11-13 09:00:00"),
        at("2026-11-14 09:00:00"),
        None,
    )
    assert (paid.status, done.status) == (S.AWAITING_SHIPMENT, S.COMPLETED)


def test_untimed_steps_of_imported_orders_are_left_out_of_the_timeline_and_the_periodic_checks(
    clerk, make_staff, store, goods
):
    # given orders a file reported shipped and delivered without times, and one timed
    ordered = at("2026-11-01 09:00:00")
    reported = [
        order_data("P1", status="shipped", created_at=ordered),
        order_data("P2", status="delivered", created_at=ordered),
        order_data("P3", status="shipped", created_at=ordered, shipped_at=at("2026-11-02 09:00:00")),
    ]
    order_batch_write(by=clerk, batch=OrderBatch(store_id=store.pk, orders=reported))
    shipped = Order.objects.get(platform_order_id="P1")
    later = at("2026-12-20 09:00:00")

    # when the timeline is read, the checklist built and the periodic checks run a month and a half later
    timeline = order_timeline(user=clerk, order=shipped)
    opening_checklist(user=make_staff("manager"), now=later)
    flagged = order_stuck_shipments_flag(now=later)
    completed = order_complete_delivered_expired(now=later)

    # then the timeline tells only the timed steps (ordered, paid when ordered);
    # only the timed shipment can be stuck, and an untimed delivery is not completed by itself
    assert [(entry.kind, entry.at) for entry in timeline if entry.actor == "platform"] == [
        ("pending_payment", ordered),
        ("paid", ordered),
    ]
    assert (flagged, completed) == (1, 0)
    assert list(
        Order.objects.order_by("platform_order_id").values_list("platform_order_id", "status", "anomalies")
    ) == [
        ("P1", S.SHIPPED, []),
        ("P2", S.DELIVERED, []),
        ("P3", S.SHIPPED, ["stuck_shipment"]),
    ]
