"""Cancellations and refunds through imports: Online-Retail-shaped "C…" invoices (generic mapping) and
Taobao's 交易关闭 / 退款成功 rows, to the result docs/imports.md describes; importing again changes nothing."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zhanggui.catalog.models import Stock
from zhanggui.core.models import AuditEvent, ImportStatus
from zhanggui.orders.imports import order_import_mapping_save
from zhanggui.orders.models import Order
from zhanggui.orders.states import OrderStatus

from .import_files import csv_bytes, taobao_line, taobao_order
from .test_import_formats import imported
from .test_import_taobao import import_pair

S = OrderStatus
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
ONLINE_RETAIL_MAPPING = {
    "order_no": "InvoiceNo",
    "merchant_code": "StockCode",
    "title": "Description",
    "quantity": "Quantity",
    "created": "InvoiceDate",
    "price": "UnitPrice",
    "buyer": "CustomerID",
    "status": "Status",
}
HEADER = ["InvoiceNo", "StockCode", "Description", "Quantity", "InvoiceDate", "UnitPrice", "CustomerID", "Country"]
INVOICES = [
    [
        "536365",
        "85123A",
        "WHITE HANGING HEART T-LIGHT HOLDER",
        "6",
        "2010-12-01 08:26:00",
        "2.55",
        "17850",
        "United Kingdom",
    ],
    ["536365", "71053", "WHITE METAL LANTERN", "6", "2010-12-01 08:26:00", "3.39", "17850", "United Kingdom"],
    ["536366", "22633", "HAND WARMER UNION JACK", "6", "2010-12-01 08:28:00", "1.85", "17850", "United Kingdom"],
    [
        "536367",
        "84879",
        "ASSORTED COLOUR BIRD ORNAMENT",
        "32",
        "2010-12-01 08:34:00",
        "1.69",
        "13047",
        "United Kingdom",
    ],
    ["536368", "TEE-WHT-M", "纯棉T恤 白色 M", "2", "2010-12-01 08:40:00", "99.00", "13047", "United Kingdom"],
]
CANCELLATIONS = [
    # all of 536366: the whole order
    ["C536379", "22633", "HAND WARMER UNION JACK", "-6", "2010-12-01 09:41:00", "1.85", "17850", "United Kingdom"],
    # 12 of 536367's 32 birds
    [
        "C536383",
        "84879",
        "ASSORTED COLOUR BIRD ORNAMENT",
        "-12",
        "2010-12-01 09:49:00",
        "1.69",
        "13047",
        "United Kingdom",
    ],
    # all of the paid, not yet shipped 536368
    ["C536384", "TEE-WHT-M", "纯棉T恤 白色 M", "-2", "2010-12-01 10:02:00", "99.00", "13047", "United Kingdom"],
]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


def retail_file(rows: list[list[str]]) -> SimpleUploadedFile:
    """Online Retail's columns plus the Status the data set lacks (536368 is paid, the rest completed)."""
    statuses = [["paid" if row[0] == "536368" else "completed"] for row in rows]
    body = [row + status for row, status in zip(rows, statuses, strict=True)]
    return SimpleUploadedFile("online_retail.csv", csv_bytes([*HEADER, "Status"], body))


def orders() -> list[tuple[object, ...]]:
    return list(
        Order.objects.order_by("platform_order_id").values_list(
            "platform_order_id", "status", "paid_amount", "refunded_amount", "paid_at", "closed_at", "close_reason"
        )
    )


def test_online_retail_cancellations_refund_the_orders_they_reverse(
    clerk, store, goods, django_capture_on_commit_callbacks
):
    # given the store's Online Retail mapping and a file of invoices and three cancellations
    order_import_mapping_save(by=clerk, store=store, columns=ONLINE_RETAIL_MAPPING)

    # when it is imported
    job = imported(clerk, store, "generic", retail_file(INVOICES + CANCELLATIONS), django_capture_on_commit_callbacks)

    # then the cancellations are no orders: each refunds the order it reverses; a shipped (completed)
    # order refunded in full keeps its status, a paid one is closed at the cancellation's time
    assert (job.status, job.error_count) == (ImportStatus.DONE, 0)
    assert orders() == [
        ("536365", S.COMPLETED, Decimal("35.64"), Decimal("0.00"), at("2010-12-01 08:26:00"), None, ""),
        ("536366", S.COMPLETED, Decimal("11.10"), Decimal("11.10"), at("2010-12-01 08:28:00"), None, ""),
        ("536367", S.COMPLETED, Decimal("54.08"), Decimal("20.28"), at("2010-12-01 08:34:00"), None, ""),
        (
            "536368",
            S.CLOSED,
            Decimal("198.00"),
            Decimal("198.00"),
            at("2010-12-01 08:40:00"),
            at("2010-12-01 10:02:00"),
            "Refunded on the platform",
        ),
    ]
    # the closed order's units are no longer held
    assert Stock.objects.values_list("on_hand", "reserved").get(pk=goods.white_stock.pk) == (10, 0)
    # and the import's audit row counts the cancellations; one row lists the refunds
    counts = AuditEvent.objects.get(action="orders.import").after
    assert (counts["orders_created"], counts["cancellations"], counts["refunds_recorded"]) == (4, 3, 3)
    assert (counts["orders_refunded_in_full"], counts["orders_closed"], counts["refunded_total"]) == (2, 1, "229.38")
    refunds = AuditEvent.objects.get(action="orders.order.refund_record").after["orders"]
    assert refunds == [
        {"order": "536366", "refunded_amount": "0.00 → 11.10", "cancellations": "C536379"},
        {"order": "536367", "refunded_amount": "0.00 → 20.28", "cancellations": "C536383"},
        {"order": "536368", "refunded_amount": "0.00 → 198.00", "cancellations": "C536384"},
    ]


def test_importing_the_file_again_refunds_once(clerk, store, goods, django_capture_on_commit_callbacks):
    # given the file imported once
    order_import_mapping_save(by=clerk, store=store, columns=ONLINE_RETAIL_MAPPING)
    imported(clerk, store, "generic", retail_file(INVOICES + CANCELLATIONS), django_capture_on_commit_callbacks)
    before = orders()

    # when it is imported again
    again = imported(clerk, store, "generic", retail_file(INVOICES + CANCELLATIONS), django_capture_on_commit_callbacks)

    # then nothing changed and no refund was recorded
    assert again.status == ImportStatus.DONE
    assert (again.result["orders_created"], again.result["orders_unchanged"], again.result["refunds_recorded"]) == (
        0,
        4,
        0,
    )
    assert orders() == before
    assert AuditEvent.objects.filter(action="orders.order.refund_record").count() == 1


def test_a_later_file_with_the_cancellations_refunds_the_orders_already_imported(
    clerk, store, goods, django_capture_on_commit_callbacks
):
    # given the invoices imported first
    order_import_mapping_save(by=clerk, store=store, columns=ONLINE_RETAIL_MAPPING)
    imported(clerk, store, "generic", retail_file(INVOICES), django_capture_on_commit_callbacks)

    # when the cancellations come in a file of their own
    job = imported(clerk, store, "generic", retail_file(CANCELLATIONS), django_capture_on_commit_callbacks)

    # then they refund the same orders
    assert (job.status, job.result["cancellations"], job.result["refunds_recorded"]) == (ImportStatus.DONE, 3, 3)
    assert [(number, refunded) for number, _s, _p, refunded, *_rest in orders()] == [
        ("536365", Decimal("0.00")),
        ("536366", Decimal("11.10")),
        ("536367", Decimal("20.28")),
        ("536368", Decimal("198.00")),
    ]


def test_a_cancellation_matching_no_order_is_reported_on_its_row_and_nothing_is_imported(
    clerk, store, goods, django_capture_on_commit_callbacks
):
    # given a cancellation of a buyer with no earlier order, and one returning more than was bought
    order_import_mapping_save(by=clerk, store=store, columns=ONLINE_RETAIL_MAPPING)
    rows = [
        *INVOICES,
        ["C536391", "22556", "PLASTERS IN TIN CIRCUS PARADE", "-12", "2010-12-01 10:24:00", "1.65", "17548", "UK"],
        ["C536392", "22633", "HAND WARMER UNION JACK", "-7", "2010-12-01 10:30:00", "1.85", "17850", "UK"],
        ["536393", "22633", "HAND WARMER UNION JACK", "-1", "2010-12-01 10:31:00", "1.85", "17850", "UK"],
        ["536393", "22633", "HAND WARMER UNION JACK", "1", "2010-12-01 10:31:00", "1.85", "17850", "UK"],
    ]

    # when it is checked
    job = imported(clerk, store, "generic", retail_file(rows), django_capture_on_commit_callbacks)

    # then each problem names its row, and nothing is imported
    assert job.status == ImportStatus.PREVIEWED
    assert job.errors == [
        {
            "row": 7,
            "field": "Quantity",
            "message": "12 returned units of 22556 match no earlier order of buyer 17548 with units left to return.",
        },
        {
            "row": 8,
            "field": "Quantity",
            "message": "1 returned units of 22633 match no earlier order of buyer 17850 with units left to return.",
        },
        {
            "row": 10,
            "field": "Quantity",
            "message": "Order 536393 has sold and returned lines; a cancellation has returned lines only.",
        },
    ]
    assert not Order.objects.exists()


# --- Taobao: 交易关闭 and 退款成功 -------------------------------------------------------------------


def test_taobao_closed_and_refunded_rows_import_as_closed_orders_with_their_refunds(
    clerk, store, goods, django_capture_on_commit_callbacks
):
    # given: closed before payment; closed after payment (no refund amount: all of it); refunded in part
    orders_file = [
        taobao_order("2001", status="交易关闭", paid="0.00", paid_at="", close_reason="买家未付款"),
        taobao_order("2002", status="交易关闭", close_reason="买家不想买了"),
        taobao_order("2003", status="退款成功", refunded="100.00"),
    ]
    lines = [taobao_line(number) for number in ("2001", "2002", "2003")]

    # when the pair is imported
    job = import_pair(clerk, store, orders_file, lines, django_capture_on_commit_callbacks)

    # then each is closed with what was paid and refunded; closing times are not in the export: empty
    assert job.status == ImportStatus.DONE
    paid_at = at("2026-11-20 10:16:02")
    assert orders() == [
        ("2001", S.CLOSED, Decimal("0.00"), Decimal("0.00"), None, None, "买家未付款"),
        ("2002", S.CLOSED, Decimal("208.00"), Decimal("208.00"), paid_at, None, "买家不想买了"),
        ("2003", S.CLOSED, Decimal("208.00"), Decimal("100.00"), paid_at, None, "Closed on the platform"),
    ]
    assert Stock.objects.values_list("on_hand", "reserved").get(pk=goods.white_stock.pk) == (10, 0)


def test_a_taobao_refund_after_shipment_is_recorded_and_the_order_keeps_its_status(
    clerk, store, goods, django_capture_on_commit_callbacks
):
    # given a shipped order and a paid one, imported
    first = [taobao_order("3001", status="卖家已发货，等待买家确认"), taobao_order("3002")]
    lines = [taobao_line("3001"), taobao_line("3002")]
    import_pair(clerk, store, first, lines, django_capture_on_commit_callbacks)

    # when a later export reports both refunded (the first without an amount: all of it)
    later = [taobao_order("3001", status="退款成功"), taobao_order("3002", status="交易关闭")]
    job = import_pair(clerk, store, later, lines, django_capture_on_commit_callbacks)
    again = import_pair(clerk, store, later, lines, django_capture_on_commit_callbacks)

    # then the shipped one stays shipped, refunded in full; the paid one is closed and its units released
    assert (job.result["orders_updated"], again.result["orders_updated"], again.result["orders_unchanged"]) == (2, 0, 2)
    assert [row[:4] for row in orders()] == [
        ("3001", S.SHIPPED, Decimal("208.00"), Decimal("208.00")),
        ("3002", S.CLOSED, Decimal("208.00"), Decimal("208.00")),
    ]
    assert Stock.objects.values_list("on_hand", "reserved").get(pk=goods.white_stock.pk) == (8, 0)
