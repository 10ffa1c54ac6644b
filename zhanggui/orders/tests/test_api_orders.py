"""Orders API: reading (list, detail, timeline, review queue), scope and permissions, create-or-update."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from zhanggui.core.models import AuditEvent
from zhanggui.orders.models import Order, OrderSettings
from zhanggui.orders.services import TrackingEventData, order_pay, order_ship, shipment_tracking_add
from zhanggui.testing.factories import anomalies_set

pytestmark = pytest.mark.django_db

URL = "/api/v1/orders"


def iso(value: dt.datetime | None) -> str | None:
    """A time as the API writes it."""
    return None if value is None else DjangoJSONEncoder().default(value)


@pytest.fixture
def api(english_api_client_for):  # type: ignore[no-untyped-def]
    """An API client of ``staff`` asking for English answers."""
    return english_api_client_for


def listed(order: Order) -> dict[str, Any]:
    """The list item of a fresh order of ``order_data`` (paid, released, nothing edited)."""
    order.refresh_from_db()
    return {
        "id": order.pk,
        "store_id": order.store_id,
        "store_code": order.store.code,
        "platform_order_id": order.platform_order_id,
        "buyer_nickname": "tb_小王",
        "status": "awaiting_shipment",
        "status_label": "Awaiting shipment",
        "out_of_stock": False,
        "review_reasons": [],
        "anomalies": [],
        "goods_amount": "198.00",
        "shipping_fee": "10.00",
        "platform_discount": "0.00",
        "seller_discount": "0.00",
        "paid_amount": "208.00",
        "refunded_amount": "0.00",
        "receiver_name": "王**",
        "receiver_phone": "138****1111",
        "province": "浙江省",
        "city": "杭州市",
        "district": "西湖区",
        "address_detail": "文三路****",
        "buyer_message": "",
        "seller_memo": "",
        "memo_flag": "none",
        "created_at": iso(order.created_at),
        "paid_at": iso(order.paid_at),
        "shipped_at": None,
        "delivered_at": None,
        "completed_at": None,
        "closed_at": None,
        "updated_at": iso(order.updated_at),
        "logistics_status": order.logistics_status,
    }


def test_list_answers_orders_of_my_stores_masked(make_order, make_staff, other_store, api):
    # given: an order in my store and one in another store
    order = make_order("T1", status="paid")
    make_order("T2", status="paid", store=other_store)
    # when
    response = api(make_staff("cs_agent")).get(URL)
    # then
    assert response.status_code == 200
    assert response.json() == {"count": 1, "count_capped": False, "page": 1, "page_size": 50, "items": [listed(order)]}


def test_list_filters(make_order, make_staff, api):
    # given
    unpaid = make_order("T1", buyer_nickname="tb_甲")
    paid = make_order("T2", status="paid", buyer_nickname="tb_乙", receiver_phone="13900002222")
    client = api(make_staff("order_clerk"))

    def ids(query: str) -> list[int]:
        response = client.get(f"{URL}?{query}")
        assert response.status_code == 200, response.content
        return [item["id"] for item in response.json()["items"]]

    today = timezone.localdate().isoformat()
    # then
    assert ids("status=pending_payment") == [unpaid.pk]
    assert ids("status=pending_payment&status=awaiting_shipment") == [paid.pk, unpaid.pk]
    assert ids("keyword=T2") == [paid.pk]
    assert ids("keyword=乙") == [paid.pk]
    assert ids("amount_min=100") == [paid.pk]
    assert ids(f"created_from={today}&created_to={today}") == [paid.pk, unpaid.pk]
    assert ids("created_to=2000-01-01") == []
    assert client.get(f"{URL}?status=lost").status_code == 422


def test_list_queries_do_not_grow_with_the_page(make_order, make_staff, api):
    # given
    client = api(make_staff("order_clerk"))
    make_order("T1", status="paid")
    client.get(URL)  # the token's first use is noted once
    with CaptureQueriesContext(connection) as one:
        client.get(URL)
    for number in range(2, 8):
        make_order(f"T{number}", status="paid", buyer_nickname=f"tb_{number}")
    # when
    with CaptureQueriesContext(connection) as seven:
        response = client.get(URL)
    # then
    assert response.json()["count"] == 7
    assert len(seven.captured_queries) == len(one.captured_queries)


def test_list_counts_every_order_on_any_page(make_order, make_staff, api):
    # given five orders of the clerk's store
    client = api(make_staff("order_clerk"))
    for number in range(1, 6):
        make_order(f"T{number}", status="paid", buyer_nickname=f"tb_{number}")

    def page(query: str) -> tuple[int, list[str]]:
        body = client.get(f"{URL}?{query}").json()
        return body["count"], [item["platform_order_id"] for item in body["items"]]

    # when / then: full pages, the last one, one past the end, and no match at all
    assert page("page_size=2") == (5, ["T5", "T4"])
    assert page("page_size=2&page=2") == (5, ["T3", "T2"])
    assert page("page_size=2&page=3") == (5, ["T1"])
    assert page("page_size=2&page=4") == (5, [])
    assert page("status=closed") == (0, [])


def test_detail_has_lines_shipments_and_tracking(make_order, make_staff, api):
    # given: a shipped order with one tracking event
    clerk = make_staff("order_clerk")
    order = make_order("T1", status="paid")
    shipment = order_ship(by=clerk, order=order, carrier="SF", tracking_no="SF1234567890123")
    at = timezone.now().replace(microsecond=0) - dt.timedelta(minutes=5)
    (event,) = shipment_tracking_add(
        by=clerk, shipment=shipment, events=[TrackingEventData(at=at, description="已揽收", location="杭州")]
    )
    # when
    body = api(clerk).get(f"{URL}/{order.pk}").json()
    # then
    line = order.lines.get()
    expected = listed(order)
    expected.update(status="shipped", status_label="Shipped", shipped_at=iso(order.shipped_at))
    assert expected["logistics_status"] == "collected"
    expected.update(
        buyer_name="王**",
        buyer_phone="138****1111",
        warehouse_code="hz-main",
        close_reason="",
        lines=[
            {
                "id": line.pk,
                "sku_id": line.sku_id,
                "merchant_code": "TEE-WHT-M",
                "title": "纯棉T恤 白色 M",
                "attributes": "",
                "unit_price": "99.00",
                "quantity": 2,
                "discount": "0.00",
                "line_total": "198.00",
                "reserved": False,
            }
        ],
        shipments=[
            {
                "id": shipment.pk,
                "carrier": "SF",
                "carrier_label": "SF Express",
                "tracking_no": "SF1234567890123",
                "shipped_at": iso(shipment.shipped_at),
                "delivered_at": None,
                "logistics_status": "collected",
                "tracking": [
                    {"id": event.pk, "at": iso(at), "description": "已揽收", "location": "杭州", "status": "collected"}
                ],
            }
        ],
    )
    assert body == expected


def test_another_stores_order_is_missing(make_order, make_staff, other_store, api):
    # given
    order = make_order("T1", status="paid", store=other_store)
    client = api(make_staff("order_clerk"))
    before = AuditEvent.objects.count()
    # when / then
    assert client.get(f"{URL}/{order.pk}").status_code == 404
    assert client.get(f"{URL}/{order.pk}/timeline").status_code == 404
    response = client.post(f"{URL}/{order.pk}/memo", {"memo": "x", "flag": "red"}, content_type="application/json")
    assert (response.status_code, response.json()["code"]) == (404, "not_found")
    assert AuditEvent.objects.count() == before


def test_denied_is_403_and_leaves_no_trace(make_order, make_staff, api):
    # given: customer service may not approve or ship; analysts may not edit
    order = make_order("T1", status="paid", buyer_message="加急")
    agent, analyst = api(make_staff("cs_agent")), api(make_staff("analyst"))
    before = AuditEvent.objects.count()
    # when
    approve = agent.post(f"{URL}/{order.pk}/approve", {}, content_type="application/json")
    memo = analyst.post(f"{URL}/{order.pk}/memo", {"memo": "x", "flag": "red"}, content_type="application/json")
    ship = agent.post(
        f"{URL}/batch/ship",
        {"items": [{"order_id": order.pk, "carrier": "ZTO", "tracking_no": "78123456789012"}]},
        content_type="application/json",
    )
    # then
    assert [approve.status_code, memo.status_code, ship.status_code] == [403, 403, 403]
    assert approve.json() == {"code": "forbidden", "message": "You do not have permission to do this.", "errors": []}
    order.refresh_from_db()
    assert (order.status, order.seller_memo, AuditEvent.objects.count()) == ("under_review", "", before)


def test_timeline(make_order, make_staff, api):
    # given
    clerk = make_staff("order_clerk", display_name="小李")
    order = make_order("T1", status="paid", buyer_message="加急")
    client = api(clerk)
    client.post(f"{URL}/{order.pk}/approve", {"reason": "已确认"}, content_type="application/json")
    # when
    body = client.get(f"{URL}/{order.pk}/timeline").json()
    # then
    rows = list(AuditEvent.objects.filter(object_id=str(order.pk), object_type="orders.order").order_by("pk"))
    assert body == [
        {
            "at": iso(rows[0].at),
            "actor": "system",
            "kind": "create",
            "label": "Order received",
            "detail": "Awaiting payment → Paid → Under review",
        },
        {"at": iso(rows[1].at), "actor": "小李", "kind": "approve", "label": "Approved", "detail": "已确认"},
    ]


def test_review_queue_lists_held_orders(make_order, make_staff, api):
    # given
    held = make_order("T1", status="paid", buyer_message="请加急")
    make_order("T2", status="paid", buyer_nickname="tb_other", receiver_phone="13900002222")
    # when
    body = api(make_staff("order_clerk")).get(f"{URL}/review-queue").json()
    # then
    assert [item["id"] for item in body["items"]] == [held.pk]
    assert body["items"][0]["review_reasons"] == [
        {"code": "message_keywords", "label": "Buyer message needs attention", "detail": "加急"}
    ]


# --- create or update by platform order number ---------------------------------------------------
def upsert_body(**changes: Any) -> dict[str, Any]:
    body = {
        "buyer_nickname": "tb_小王",
        "status": "pending_payment",
        "lines": [{"title": "纯棉T恤 白色 M", "unit_price": "99.00", "quantity": 2, "merchant_code": "TEE-WHT-M"}],
        "created_at": "2026-11-01T10:00:00+08:00",
        "shipping_fee": "10.00",
        "receiver_name": "王小二",
        "receiver_phone": "13800001111",
        "province": "浙江省",
        "city": "杭州市",
        "district": "西湖区",
        "address_detail": "文三路 100 号",
    }
    body.update(changes)
    return body


def test_upsert_is_idempotent(store, goods, make_staff, api, audit_rows):
    # given
    client = api(make_staff("order_clerk"))
    url = f"{URL}/by-number/{store.pk}/TB-9001"
    # when: the same order twice, then paid
    first = client.put(url, json.dumps(upsert_body()), content_type="application/json")
    second = client.put(url, json.dumps(upsert_body()), content_type="application/json")
    rows_after_two = len(audit_rows())
    paid = client.put(url, json.dumps(upsert_body(status="paid")), content_type="application/json")
    # then
    assert (first.status_code, second.status_code, paid.status_code) == (201, 200, 200)
    assert second.json() == first.json()
    assert first.json()["status"] == "pending_payment"
    assert first.json()["created_at"] == "2026-11-01T02:00:00Z"
    assert (paid.json()["status"], paid.json()["paid_amount"]) == ("awaiting_shipment", "208.00")
    assert Order.objects.filter(platform_order_id="TB-9001").count() == 1
    assert [row.action for row in audit_rows()] == ["orders.order.create", "orders.order.sync"]
    assert rows_after_two == 1


def test_upsert_refuses_bad_input_and_other_stores(store, other_store, goods, make_staff, api):
    client = api(make_staff("order_clerk"))
    missing = client.put(
        f"{URL}/by-number/{other_store.pk}/TB-1", json.dumps(upsert_body()), content_type="application/json"
    )
    unknown = client.put(
        f"{URL}/by-number/{store.pk}/TB-1", json.dumps(upsert_body(status="lost")), content_type="application/json"
    )
    spaced = client.put(
        f"{URL}/by-number/{store.pk}/%20TB-1", json.dumps(upsert_body()), content_type="application/json"
    )
    assert (missing.status_code, unknown.status_code, spaced.status_code) == (404, 422, 422)
    assert spaced.json()["errors"] == [
        {"field": "platform_order_id", "message": "Remove the spaces around the order number."}
    ]
    assert Order.objects.count() == 0


def test_the_order_lists_plain_rows_render_exactly_as_the_order_schema(make_order, store, staff_by_role):
    # given orders with review reasons, anomalies, masked personal data and empty times
    from zhanggui.orders.api.schemas.orders import OrderOut, order_list_items

    make_order("T-PLAIN-1", status="paid")
    make_order("T-PLAIN-2", status="paid", buyer_nickname="tb_另一位", paid_amount="9999.00")
    make_order("T-PLAIN-3", receiver_phone="", address_detail="")
    anomalies_set(Order.objects.filter(platform_order_id="T-PLAIN-1"), ["manual_price_change"])
    # times are read as text: whole seconds, trailing zeros and under a millisecond
    moment = timezone.now().replace(microsecond=0)
    Order.objects.filter(platform_order_id="T-PLAIN-2").update(
        paid_at=moment, created_at=moment.replace(microsecond=120000)
    )
    Order.objects.filter(platform_order_id="T-PLAIN-3").update(updated_at=moment.replace(microsecond=999))
    orders = Order.objects.filter(store=store).select_related("store", "buyer").order_by("pk")
    # when both renderings are written as the API writes JSON
    clerk = staff_by_role["order_clerk"]
    fast = json.loads(json.dumps(order_list_items(orders, user=clerk), cls=DjangoJSONEncoder))
    context = {"request": SimpleNamespace(auth=clerk)}
    schema = [OrderOut.model_validate(o, context=context).model_dump() for o in orders]
    schema = json.loads(json.dumps(schema, cls=DjangoJSONEncoder))
    # then they are the same, item for item
    assert [o["platform_order_id"] for o in fast] == ["T-PLAIN-1", "T-PLAIN-2", "T-PLAIN-3"]
    assert any(o["review_reasons"] for o in fast) and fast[0]["anomalies"][0]["code"] == "manual_price_change"
    assert (fast[1]["paid_at"], fast[1]["created_at"][-5:], fast[2]["updated_at"][-5:]) == (
        iso(moment),
        ".120Z",
        ".000Z",
    )
    assert fast == schema


def test_review_reasons_tell_the_store_rules_only_to_those_who_set_them(
    make_order, store, staff_by_role, api_client_for, client_for
):
    # given an order of 208.00, paid after it was placed, held because the store reviews every order over 100.00
    OrderSettings.objects.create(
        store=store, unpaid_timeout_minutes=30, review_amount_threshold=Decimal("100.00"), ship_sla_hours=24
    )
    order = order_pay(by=None, order=make_order("T-RULE-1"))
    detail = "208.00 > 100.00"
    assert order.review_reasons == [{"code": "amount_over_threshold", "detail": detail}]
    for role, shown in (("order_clerk", detail), ("cs_agent", "")):
        staff = staff_by_role[role]
        api = api_client_for(staff)
        # when the order is read through the API list, detail and timeline, and on its console page
        listed = api.get("/api/v1/orders").json()["items"][0]["review_reasons"]
        single = api.get(f"/api/v1/orders/{order.pk}").json()["review_reasons"]
        timeline = " ".join(entry["detail"] for entry in api.get(f"/api/v1/orders/{order.pk}/timeline").json())
        page = client_for(staff).get(f"/orders/{order.pk}/").content.decode()
        # then the reason is there for both, its detail (the threshold) only for the clerk
        assert [(r["code"], r["detail"]) for r in listed] == [("amount_over_threshold", shown)]
        assert [(r["code"], r["detail"]) for r in single] == [("amount_over_threshold", shown)]
        assert (listed[0]["label"] in timeline, detail in timeline) == (True, bool(shown)), role
        assert ("208.00 &gt; 100.00" in page) is bool(shown), role
