"""Batch shipping from an uploaded file: exact per-row outcomes, safe reruns, scope, permission, console and API."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import Workbook

from zhanggui.core.exceptions import PermissionDeniedError, ValidationFailed
from zhanggui.core.models import AuditEvent
from zhanggui.orders.models import Order, Shipment
from zhanggui.orders.services import order_ship
from zhanggui.orders.services.shipping_file import carrier_code, order_shipping_file_apply
from zhanggui.testing.factories import StoreFactory

pytestmark = pytest.mark.django_db

HEADER = "订单编号,物流公司,物流单号,店铺"


def csv_file(*lines: str) -> io.BytesIO:
    return io.BytesIO(("\ufeff" + "\n".join([HEADER, *lines]) + "\n").encode("utf-8"))


def outcomes(report) -> list[tuple[int, str, str]]:  # type: ignore[no-untyped-def]
    return [(row.row, row.outcome, row.message) for row in report.rows]


@pytest.fixture
def world(store, other_store, make_order, make_staff):  # type: ignore[no-untyped-def]
    """A clerk of two stores; paid orders T1, T2, T4 (already shipped), T6 in both stores; T3 unpaid;
    a third store the clerk does not work for."""
    n = iter(range(1, 100))

    def paid(number: str, **kwargs):  # type: ignore[no-untyped-def]
        i = next(n)  # a buyer and phone of its own, so no order is held as a merge candidate
        return make_order(
            number, status="paid", buyer_nickname=f"tb_买家{i}", receiver_phone=f"1380000{i:04d}", **kwargs
        )

    third = StoreFactory()
    orders = {
        "T1": paid("T1"),
        "T2": paid("T2"),
        "T3": make_order("T3", buyer_nickname="tb_未付款", receiver_phone="13900000003"),
        "T4": paid("T4"),
        "T6": paid("T6"),
        "T6-other": paid("T6", store=other_store),
    }
    clerk = make_staff("order_clerk", stores=[store, other_store])
    order_ship(by=clerk, order=orders["T4"], carrier="YTO", tracking_no="YT9999999999999")
    return clerk, orders, third


def test_each_row_is_shipped_or_reported_with_its_reason(world, other_store, audit_rows):  # type: ignore[no-untyped-def]
    # given
    clerk, orders, _third = world
    upload = csv_file(
        "T1,中通快递,781234567890123,",
        "T2,顺丰, sf1234567890123 ,",
        "T3,圆通,YT1234567890123,",
        "T4,圆通速递,YT9999999999999,",
        "T404,中通,781234567890124,",
        "T7,韵达,12345,",
        "T8,火星快递,781234567890125,",
        "T1,中通快递,781234567890123,",
        "T6,中通,781234567890126,",
        f"T6,ZTO,781234567890127,{other_store.code}",
        "T10,,781234567890128,",
        "T11,中通,781234567890129,没有的店",
        "3.12780895689333E+18,中通,781234567890130,",
    )
    before = audit_rows()

    # when
    report = order_shipping_file_apply(by=clerk, stream=upload)

    # then
    assert outcomes(report) == [
        (2, "shipped", ""),
        (3, "shipped", ""),
        (4, "error", "Order T3 cannot go from “Awaiting payment” to “Shipped”."),
        (5, "already_shipped", "Already shipped with this tracking number."),
        (6, "error", "No order with this number in your stores."),
        (7, "error", "12345 is not a Yunda Express tracking number."),
        (8, "error", "Unknown carrier “火星快递”."),
        (9, "error", "Same as row 2; ignored."),
        (10, "error", "Several stores have an order with this number; fill in the store column."),
        (11, "shipped", ""),
        (12, "error", "The carrier is empty."),
        (13, "error", "Unknown store “没有的店”."),
        (14, "error", "Excel turned this order number into a number and lost digits; format the column as text."),
    ]
    assert (report.shipped, report.already_shipped, report.errors) == (3, 1, 9)
    assert set(
        Shipment.objects.values_list("order__platform_order_id", "order__store_id", "carrier", "tracking_no")
    ) == {
        ("T1", orders["T1"].store_id, "ZTO", "781234567890123"),
        ("T2", orders["T2"].store_id, "SF", "SF1234567890123"),
        ("T4", orders["T4"].store_id, "YTO", "YT9999999999999"),
        ("T6", other_store.pk, "ZTO", "781234567890127"),
    }
    assert Order.objects.get(pk=orders["T6"].pk).status == "awaiting_shipment"
    assert Order.objects.get(pk=orders["T3"].pk).status == "pending_payment"
    # one audit row per shipped order, by the clerk, and nothing else
    new = audit_rows()[len(before) :]
    assert [(e.action, e.actor_id, e.object_repr) for e in new] == [
        ("orders.order.ship", clerk.pk, "T1"),
        ("orders.order.ship", clerk.pk, "T2"),
        ("orders.order.ship", clerk.pk, "T6"),
    ]


def test_the_same_file_again_ships_nothing_twice(world):  # type: ignore[no-untyped-def]
    # given
    clerk, _orders, _third = world
    lines = ("T1,中通快递,781234567890123,", "T2,SF,SF1234567890123,", "T3,圆通,YT1234567890123,")
    order_shipping_file_apply(by=clerk, stream=csv_file(*lines))
    shipments, audit_count = Shipment.objects.count(), AuditEvent.objects.count()

    # when
    report = order_shipping_file_apply(by=clerk, stream=csv_file(*lines))

    # then
    assert outcomes(report) == [
        (2, "already_shipped", "Already shipped with this tracking number."),
        (3, "already_shipped", "Already shipped with this tracking number."),
        (4, "error", "Order T3 cannot go from “Awaiting payment” to “Shipped”."),
    ]
    assert Shipment.objects.count() == shipments
    assert AuditEvent.objects.count() == audit_count


def test_a_shipped_order_with_another_tracking_number_is_an_error(world):  # type: ignore[no-untyped-def]
    # given
    clerk, _orders, _third = world

    # when
    report = order_shipping_file_apply(by=clerk, stream=csv_file("T4,中通,781234567890123,"))

    # then
    assert outcomes(report) == [(2, "error", "Already shipped with YTO YT9999999999999.")]


def test_two_rows_with_different_numbers_for_one_order_ship_neither(world):  # type: ignore[no-untyped-def]
    # given
    clerk, orders, _third = world

    # when
    report = order_shipping_file_apply(
        by=clerk, stream=csv_file("T1,中通,781234567890123,", "T1,中通,781234567890999,", "T2,EMS,EA123456789CN,")
    )

    # then
    assert outcomes(report) == [
        (2, "error", "Row 3 lists this order with another tracking number; neither row is shipped."),
        (3, "error", "Row 2 lists this order with another tracking number; neither row is shipped."),
        (4, "shipped", ""),
    ]
    assert Order.objects.get(pk=orders["T1"].pk).status == "awaiting_shipment"


def test_orders_of_stores_the_clerk_does_not_work_for_are_unknown(world, make_order):  # type: ignore[no-untyped-def]
    # given
    clerk, _orders, third = world
    make_order("T9", status="paid", store=third, buyer_nickname="tb_别店", receiver_phone="13700000009")

    # when
    report = order_shipping_file_apply(by=clerk, stream=csv_file(f"T9,中通,781234567890123,{third.code}"))

    # then
    assert outcomes(report) == [(2, "error", f"Unknown store “{third.code}”.")]
    assert not Shipment.objects.filter(order__platform_order_id="T9").exists()


def test_an_xlsx_file_with_english_headers_and_codes_works(world):  # type: ignore[no-untyped-def]
    # given
    clerk, _orders, _third = world
    book = Workbook()
    sheet = book.active
    sheet.append(["Order number", "Carrier", "Tracking number"])
    sheet.append(["T1", "JD Logistics", "JDVA01234567890"])
    sheet.append(["T2", "yunda", "4312345678901"])
    stream = io.BytesIO()
    book.save(stream)

    # when
    report = order_shipping_file_apply(by=clerk, stream=stream)

    # then
    assert outcomes(report) == [(2, "shipped", ""), (3, "shipped", "")]
    assert set(
        Shipment.objects.filter(order__platform_order_id__in=["T1", "T2"]).values_list("carrier", flat=True)
    ) == {
        "JD",
        "YUNDA",
    }


def test_a_file_without_the_tracking_column_is_refused_whole(world):  # type: ignore[no-untyped-def]
    # given
    clerk, _orders, _third = world
    upload = io.BytesIO("订单编号,物流公司\nT1,中通\n".encode())

    # when
    with pytest.raises(ValidationFailed) as caught:
        order_shipping_file_apply(by=clerk, stream=upload)

    # then
    assert [(e.field, e.message) for e in caught.value.errors] == [
        ("file", "The file has no column 物流单号; its first row must be the headers.")
    ]
    assert Shipment.objects.count() == 1  # the fixture's T4 only


def test_staff_without_the_ship_permission_changes_nothing(world, make_staff):  # type: ignore[no-untyped-def]
    # given
    agent = make_staff("cs_agent")
    audit_count = AuditEvent.objects.count()

    # when
    with pytest.raises(PermissionDeniedError):
        order_shipping_file_apply(by=agent, stream=csv_file("T1,中通,781234567890123,"))

    # then
    assert Shipment.objects.count() == 1
    assert AuditEvent.objects.count() == audit_count


@pytest.mark.parametrize(
    ("written", "code"),
    [("顺丰速运", "SF"), ("中通", "ZTO"), ("圆通速递", "YTO"), ("申通快递", "STO"), ("韵达", "YUNDA"),
     ("京东物流", "JD"), ("邮政EMS", "EMS"), ("sf", "SF"), ("China Post EMS", "EMS"), ("极兔速递", "JTSD"),
     ("某某快递", None)],
)  # fmt: skip
def test_carrier_names_map_to_codes(written, code):  # type: ignore[no-untyped-def]
    assert carrier_code(written) == code


def test_console_upload_shows_the_report_and_offers_a_template(world, client_for):  # type: ignore[no-untyped-def]
    # given
    clerk, orders, _third = world
    client = client_for(clerk)

    # when
    page = client.get(reverse("orders:shipping_file"))
    template = client.get(reverse("orders:shipping_file_template"))
    upload = csv_file("T1,中通,781234567890123,", "T404,中通,781234567890124,")
    upload.name = "发货.csv"
    answer = client.post(reverse("orders:shipping_file"), {"file": upload})

    # then
    assert page.status_code == 200
    assert template.status_code == 200
    assert template.content.decode("utf-8-sig").splitlines()[0] == HEADER
    assert answer.status_code == 200
    html = answer.content.decode()
    assert 'data-outcome="shipped"' in html and 'data-outcome="error"' in html
    assert reverse("orders:order_detail", args=[orders["T1"].pk]) in html
    assert Order.objects.get(pk=orders["T1"].pk).status == "shipped"


def test_console_refuses_staff_without_the_ship_permission(world, make_staff, client_for):  # type: ignore[no-untyped-def]
    # given
    client = client_for(make_staff("cs_agent"))

    # when
    answer = client.post(reverse("orders:shipping_file"), {"file": csv_file("T1,中通,781234567890123,")})

    # then
    assert answer.status_code == 403
    assert Shipment.objects.count() == 1


def test_api_upload_answers_each_row(world, api_client_for):  # type: ignore[no-untyped-def]
    # given
    clerk, orders, _third = world
    upload = csv_file("T1,中通,781234567890123,", "T3,圆通,YT1234567890123,")
    upload.name = "ship.csv"

    # when
    answer = api_client_for(clerk).post("/api/v1/orders/shipping-files", {"file": upload})

    # then
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert (body["shipped"], body["already_shipped"], body["errors"]) == (1, 0, 1)
    assert [(r["row"], r["outcome"], r["order_id"]) for r in body["rows"]] == [
        (2, "shipped", orders["T1"].pk),
        (3, "error", orders["T3"].pk),
    ]
