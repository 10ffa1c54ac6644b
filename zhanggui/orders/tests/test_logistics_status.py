"""Where a parcel is (物流状态): the keyword rule over carriers' texts, the service keeping it on shipments
and orders, and the order list's column and filter in the console and the API."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from zhanggui.core.exceptions import ValidationFailed
from zhanggui.orders.models import Order, Shipment, TrackingEvent
from zhanggui.orders.services import TrackingEventData, order_ship, shipment_tracking_add
from zhanggui.orders.states import logistics_status_of, order_logistics_status

from .test_console import listed

pytestmark = pytest.mark.django_db

# Texts as 顺丰, 中通, 圆通, 韵达, 京东物流, 申通 and EMS write them → the status they report.
CARRIER_TEXTS = [
    ("顺丰速运 已收取快件", "collected"),
    ("【杭州市】【杭州西湖】（0571-88888888）的 张三（13800000000）已揽收", "collected"),
    ("【浙江省杭州市西湖区公司】 已揽收", "collected"),
    ("【浙江杭州公司】进行揽件扫描", "collected"),
    ("您的快件已由京东快递员揽收", "collected"),
    ("【杭州市邮政速递】已收寄", "collected"),
    ("快件在【杭州转运中心】完成分拣，准备发往【上海转运中心】", "in_transit"),
    ("快件已发往【上海转运中心】", "in_transit"),
    ("【上海转运中心】已到达", "in_transit"),
    ("快件离开【杭州西湖】已发往【杭州转运中心】", "in_transit"),
    ("运输中", "in_transit"),
    ("快件交给李四，正在派送途中（联系电话：13800000000）", "out_for_delivery"),
    ("【上海市】【浦东新区】的派件员【李四】正在派件", "out_for_delivery"),
    ("您的订单已分配，配送员：王五，电话：13800000000", "out_for_delivery"),
    ("派送中", "out_for_delivery"),
    ("快件已签收，签收人：本人，如有疑问请电联快递员", "signed"),
    ("客户签收人: 本人 已签收 感谢使用圆通速递，期待再次为您服务", "signed"),
    ("快件已被 【菜鸟驿站】 代收，请及时取件", "signed"),
    ("【上海市】已放入快递柜，请凭取件码取件", "signed"),
    ("您的订单已妥投", "signed"),
    ("快件派送不成功，原因：电话无人接听，待再次派送", "exception"),
    ("收件人拒收，快件将退回寄件人", "exception"),
    ("【上海转运中心】快件滞留，待安排转运", "exception"),
    ("问题件", "exception"),
    ("快件异常，请联系客服", "exception"),
    ("派送中，请耐心等待签收", "out_for_delivery"),
    ("订单已提交，等待商家发货", ""),
    ("", ""),
    ("signed", "signed"),
]


@pytest.mark.parametrize(("text", "expected"), CARRIER_TEXTS)
def test_the_keyword_rule_reads_what_carriers_write(text, expected):
    assert logistics_status_of(text) == expected


def test_the_backfill_migration_reads_the_same_statuses():
    backfill = importlib.import_module("zhanggui.orders.migrations.0013_logistics_status_backfill")
    assert [backfill.status_of(text) for text, _status in CARRIER_TEXTS] == [status for _text, status in CARRIER_TEXTS]


def test_the_backfill_sets_the_statuses_of_events_shipments_and_orders_stored_before(ship):
    # given parcels tracked before statuses were kept
    ship("T1", "781234567890101", ["已揽收", "快件已发往【上海转运中心】", "温馨提示"])
    ship("T2", "781234567890102", ["已揽收", "派送中", "已签收"])
    TrackingEvent.objects.update(status="")
    Shipment.objects.update(logistics_status="")
    Order.objects.update(logistics_status="")
    backfill = importlib.import_module("zhanggui.orders.migrations.0013_logistics_status_backfill")
    # when the migration runs
    backfill.forwards(django_apps, None)
    # then
    events = TrackingEvent.objects.order_by("shipment_id", "at").values_list("status", flat=True)
    assert list(events) == ["collected", "in_transit", "", "collected", "out_for_delivery", "signed"]
    assert list(Shipment.objects.order_by("pk").values_list("logistics_status", flat=True)) == ["in_transit", "signed"]
    assert list(Order.objects.order_by("pk").values_list("logistics_status", flat=True)) == ["in_transit", "signed"]


@pytest.mark.parametrize(
    ("parcels", "expected"),
    [
        ([], ""),
        (["", ""], ""),
        (["signed"], "signed"),
        (["signed", "in_transit", ""], "in_transit"),
        (["signed", "exception"], "exception"),
        (["collected", "out_for_delivery"], "collected"),
    ],
)
def test_an_order_is_as_far_as_its_slowest_parcel_unless_one_is_in_trouble(parcels, expected):
    assert order_logistics_status(parcels) == expected


# --- the service --------------------------------------------------------------------------------


def hours_ago(hours: float) -> dt.datetime:
    return (timezone.now() - dt.timedelta(hours=hours)).replace(microsecond=0)


@pytest.fixture
def ship(make_order, clerk):  # type: ignore[no-untyped-def]
    def make(number: str, tracking_no: str, texts: list[str] = (), **kwargs):  # type: ignore[no-untyped-def,assignment]
        kwargs.setdefault("receiver_phone", f"139{tracking_no[-8:]}")  # no merge candidates: nothing held
        order = make_order(number, status="paid", buyer_nickname=f"tb_{number}", **kwargs)
        shipment = order_ship(by=clerk, order=order, carrier="ZTO", tracking_no=tracking_no)
        events = [TrackingEventData(at=hours_ago(10 - i), description=t) for i, t in enumerate(texts)]
        if events:
            shipment_tracking_add(by=clerk, shipment=shipment, events=events)
        return shipment

    return make


def statuses(shipment: Shipment) -> tuple[str, str, str]:
    shipment.refresh_from_db()
    order = Order.objects.get(pk=shipment.order_id)
    return shipment.logistics_status, order.logistics_status, order.status


def test_a_signed_text_delivers_the_order_without_the_delivered_flag(ship):
    shipment = ship("T1", "781234567890101", ["【杭州】已揽收", "【上海】快件已签收，签收人：本人"])
    assert statuses(shipment) == ("signed", "signed", "delivered")
    assert list(shipment.tracking_events.values_list("status", flat=True)) == ["collected", "signed"]


def test_the_latest_news_decides_and_late_old_news_or_unknown_texts_do_not(ship):
    # given a parcel out for delivery
    shipment = ship("T1", "781234567890101", ["已揽收", "派送中"])
    # when an older event arrives late, and a newer one that reports no status
    shipment_tracking_add(
        by=None, shipment=shipment, events=[TrackingEventData(at=hours_ago(9.5), description="运输中")]
    )
    shipment_tracking_add(
        by=None, shipment=shipment, events=[TrackingEventData(at=hours_ago(1), description="温馨提示")]
    )
    # then it is still out for delivery
    assert statuses(shipment) == ("out_for_delivery", "out_for_delivery", "shipped")
    # when the carrier reports trouble, then the parcel moves on
    shipment_tracking_add(by=None, shipment=shipment, events=[TrackingEventData(at=hours_ago(0.5), description="拒收")])
    assert statuses(shipment) == ("exception", "exception", "shipped")
    shipment_tracking_add(
        by=None, shipment=shipment, events=[TrackingEventData(at=hours_ago(0.2), description="再次派送中")]
    )
    assert statuses(shipment) == ("out_for_delivery", "out_for_delivery", "shipped")


def test_a_status_given_by_the_feed_wins_over_the_text_and_an_unknown_one_is_refused(ship):
    shipment = ship("T1", "781234567890101")
    with pytest.raises(ValidationFailed) as failed:
        shipment_tracking_add(
            by=None, shipment=shipment, events=[TrackingEventData(at=hours_ago(2), description="x", status="lost")]
        )
    assert [(e.field, e.message) for e in failed.value.errors] == [("events.0.status", "Unknown logistics status.")]
    assert shipment.tracking_events.count() == 0
    shipment_tracking_add(
        by=None,
        shipment=shipment,
        events=[TrackingEventData(at=hours_ago(2), description="温馨提示：快件已到", status="out_for_delivery")],
    )
    assert statuses(shipment) == ("out_for_delivery", "out_for_delivery", "shipped")


def test_the_api_takes_an_explicit_status(ship, clerk, english_api_client_for):
    shipment = ship("T1", "781234567890101")
    url = f"/api/v1/orders/{shipment.order_id}/shipments/{shipment.pk}/tracking"
    client = english_api_client_for(clerk)
    lost = {"at": hours_ago(1).isoformat(), "description": "x", "status": "lost"}
    bad = client.post(url, {"events": [lost]}, content_type="application/json")
    assert (bad.status_code, shipment.tracking_events.count()) == (422, 0)
    event = {"at": hours_ago(1).isoformat(), "description": "快件到达驿站", "status": "signed"}
    body = client.post(url, {"events": [event]}, content_type="application/json").json()
    assert (body["logistics_status"], [e["status"] for e in body["tracking"]]) == ("signed", ["signed"])
    assert statuses(shipment) == ("signed", "signed", "delivered")


# --- the order list -----------------------------------------------------------------------------
@pytest.fixture
def parcels(ship, make_order, other_store):  # type: ignore[no-untyped-def]
    """T1 collected, T2 and T3 out for delivery, T4 signed, T5 not shipped; X1 signed in another store."""
    ship("T1", "781234567890101", ["已揽收"])
    ship("T2", "781234567890102", ["已揽收", "派送中"])
    ship("T3", "781234567890103", ["派件"])
    ship("T4", "781234567890104", ["派送中", "已签收"])
    make_order("T5", status="paid", buyer_nickname="tb_T5", receiver_phone="13900000005")
    make_order("X1", status="paid", buyer_nickname="tb_X1", store=other_store)
    Order.objects.filter(platform_order_id="X1").update(logistics_status="signed")


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("", ["T5", "T4", "T3", "T2", "T1"]),
        ("collected", ["T1"]),
        ("out_for_delivery", ["T3", "T2"]),
        ("signed", ["T4"]),
        ("exception", []),
    ],
)
def test_the_console_list_filters_by_logistics_status(parcels, clerk, english_client_for, status, expected):
    response = english_client_for(clerk).get(reverse("orders:order_list"), {"logistics_status": status})
    assert response.status_code == 200
    assert listed(response) == expected


def test_the_console_list_shows_the_status_at_a_constant_query_count(parcels, clerk, english_client_for):
    client = english_client_for(clerk)
    client.get(reverse("orders:order_list"))
    with CaptureQueriesContext(connection) as one:
        page = client.get(reverse("orders:order_list"), {"logistics_status": "signed"})
    with CaptureQueriesContext(connection) as five:
        client.get(reverse("orders:order_list"))
    assert '<span class="badge bg-green-lt">Signed</span>' in page.content.decode()
    assert len(five.captured_queries) == len(one.captured_queries)


def test_the_api_list_filters_by_logistics_status_and_answers_it(parcels, clerk, english_api_client_for):
    client = english_api_client_for(clerk)

    def page(query: str) -> tuple[int, list[tuple[str, str]]]:
        body = client.get(f"/api/v1/orders?{query}").json()
        return body["count"], [(item["platform_order_id"], item["logistics_status"]) for item in body["items"]]

    assert page("logistics_status=out_for_delivery") == (2, [("T3", "out_for_delivery"), ("T2", "out_for_delivery")])
    assert page("logistics_status=signed&logistics_status=collected") == (2, [("T4", "signed"), ("T1", "collected")])
    assert page("logistics_status=exception") == (0, [])
    assert page("")[0] == 5
    assert client.get("/api/v1/orders?logistics_status=lost").status_code == 422


def test_the_order_page_shows_each_parcels_status(parcels, clerk, english_client_for):
    order = Order.objects.get(platform_order_id="T4")
    page = english_client_for(clerk).get(reverse("orders:order_detail", args=[order.pk])).content.decode()
    assert '<span class="badge bg-green-lt" data-logistics-status="signed">Signed</span>' in page
