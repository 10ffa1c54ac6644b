"""Orders API writes: review, cancel, edits (refused after shipment), shipping, tracking, batches, export."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from zhanggui.core.models import AuditEvent
from zhanggui.orders.models import Order, Shipment, TrackingEvent

pytestmark = pytest.mark.django_db

URL = "/api/v1/orders"


@pytest.fixture
def api(english_api_client_for):  # type: ignore[no-untyped-def]
    """``api(staff).post(path, body)`` → the JSON answer's (status, body), in English."""

    class Api:
        def __init__(self, staff: Any) -> None:
            self.client = english_api_client_for(staff)

        def post(self, path: str, body: dict[str, Any]) -> tuple[int, Any]:
            response = self.client.post(f"{URL}{path}", body, content_type="application/json")
            return response.status_code, response.json()

    return Api


def buyer(n: int) -> dict[str, str]:
    """A buyer of their own, so orders are no merge candidates of each other."""
    return {"buyer_nickname": f"tb_买家{n}", "receiver_phone": f"1380000{n:04d}"}


def test_approve_hold_and_cancel(make_order, make_staff, api, audit_rows):
    # given: two held orders
    clerk = api(make_staff("order_clerk"))
    first = make_order("T1", status="paid", buyer_message="加急", **buyer(1))
    second = make_order("T2", status="paid", buyer_message="加急", **buyer(2))
    # when
    hold = clerk.post(f"/{first.pk}/hold", {"reason": "等买家回复"})
    approve = clerk.post(f"/{first.pk}/approve", {"reason": "买家已确认"})
    again = clerk.post(f"/{first.pk}/approve", {})
    cancel = clerk.post(f"/{second.pk}/cancel", {"reason": "买家不要了"})
    no_reason = clerk.post(f"/{second.pk}/cancel", {"reason": ""})
    # then
    assert hold[0] == 200
    assert hold[1]["review_reasons"][-1] == {"code": "manual", "label": "Held by a clerk", "detail": "等买家回复"}
    assert (approve[0], approve[1]["status"], approve[1]["review_reasons"]) == (200, "awaiting_shipment", [])
    assert again == (
        409,
        {"code": "conflict", "message": "Order T1 is “Awaiting shipment”, not under review.", "errors": []},
    )
    assert (cancel[0], cancel[1]["status"], cancel[1]["refunded_amount"], cancel[1]["close_reason"]) == (
        200,
        "closed",
        "208.00",
        "买家不要了",
    )
    assert no_reason[0] == 422
    assert [(row.action, row.reason) for row in audit_rows()[2:]] == [
        ("orders.order.hold", "等买家回复"),
        ("orders.order.approve", "买家已确认"),
        ("orders.order.cancel", "买家不要了"),
    ]


def test_edits_with_remarks(make_order, make_staff, goods, api):
    # given
    clerk = api(make_staff("order_clerk"))
    order = make_order("T1", status="paid")
    line = order.lines.get()
    # when
    address = clerk.post(
        f"/{order.pk}/address",
        {
            "receiver_name": "李四",
            "receiver_phone": "13900002222",
            "province": "上海市",
            "city": "上海市",
            "district": "浦东新区",
            "address_detail": "世纪大道 1 号",
            "reason": "买家要求改地址",
        },
    )
    fee = clerk.post(f"/{order.pk}/shipping-fee", {"shipping_fee": "0.00", "reason": "包邮"})
    price = clerk.post(f"/{order.pk}/price-adjustment", {"amount": "5.00", "reason": "老客户"})
    too_much = clerk.post(f"/{order.pk}/price-adjustment", {"amount": "60.00", "reason": "老客户"})
    sku = clerk.post(f"/{order.pk}/line-sku", {"line_id": line.pk, "sku_id": goods.black.pk, "reason": "换黑色"})
    no_line = clerk.post(f"/{order.pk}/line-sku", {"line_id": 999999, "sku_id": goods.black.pk, "reason": "换"})
    memo = clerk.post(f"/{order.pk}/memo", {"memo": "送礼", "flag": "red"})
    # then
    assert address[0] == 200
    assert {key: address[1][key] for key in ("receiver_name", "receiver_phone", "city", "address_detail")} == {
        "receiver_name": "李*",
        "receiver_phone": "139****2222",
        "city": "上海市",
        "address_detail": "世纪****",
    }
    assert address[1]["anomalies"] == [
        {"code": "address_changed_after_payment", "label": "Address changed after payment"}
    ]
    assert (fee[1]["shipping_fee"], fee[1]["refunded_amount"]) == ("0.00", "10.00")
    assert (price[1]["seller_discount"], price[1]["refunded_amount"]) == ("5.00", "15.00")
    assert too_much == (
        422,
        {
            "code": "invalid",
            "message": "Your role may adjust an order's price by at most 50.00.",
            "errors": [{"field": "amount", "message": "Your role may adjust an order's price by at most 50.00."}],
        },
    )
    assert (sku[0], sku[1]["lines"][0]["sku_id"], sku[1]["lines"][0]["merchant_code"]) == (
        200,
        goods.black.pk,
        "TEE-BLK-L",
    )
    assert no_line[1]["errors"] == [{"field": "line_id", "message": "No such line in this order."}]
    assert (memo[1]["seller_memo"], memo[1]["memo_flag"]) == ("送礼", "red")


def test_edit_after_shipment_is_409_and_changes_nothing(make_order, make_staff, api):
    # given: a shipped order
    clerk = api(make_staff("order_clerk"))
    order = make_order("T1", status="paid")
    clerk.post(f"/{order.pk}/ship", {"carrier": "ZTO", "tracking_no": "78123456789012"})
    before = AuditEvent.objects.count()
    # when
    fee = clerk.post(f"/{order.pk}/shipping-fee", {"shipping_fee": "0.00", "reason": "包邮"})
    memo = clerk.post(f"/{order.pk}/memo", {"memo": "加急", "flag": "red"})
    # then
    message = "Order T1 is already “Shipped”; it can no longer be edited."
    assert fee == (409, {"code": "already_shipped", "message": message, "errors": []})
    assert memo[0] == 409
    order.refresh_from_db()
    assert (order.shipping_fee, order.seller_memo, AuditEvent.objects.count()) == (Decimal("10.00"), "", before)


def test_ship_deliver_and_tracking(make_order, make_staff, api):
    # given
    clerk = api(make_staff("order_clerk"))
    order = make_order("T1", status="paid")
    # when
    bad = clerk.post(f"/{order.pk}/ship", {"carrier": "SF", "tracking_no": "12"})
    shipped = clerk.post(f"/{order.pk}/ship", {"carrier": "sf", "tracking_no": "SF 1234567890123"})
    shipment = Shipment.objects.get(order=order)
    picked_up = (timezone.now() - dt.timedelta(hours=2)).replace(microsecond=0)
    events = {"events": [{"at": picked_up.isoformat(), "description": "已揽收", "location": "杭州"}]}
    tracked = clerk.post(f"/{order.pk}/shipments/{shipment.pk}/tracking", events)
    resent = clerk.post(f"/{order.pk}/shipments/{shipment.pk}/tracking", events)
    future = clerk.post(
        f"/{order.pk}/shipments/{shipment.pk}/tracking",
        {"events": [{"at": (timezone.now() + dt.timedelta(days=1)).isoformat(), "description": "派送中"}]},
    )
    wrong = clerk.post(f"/{order.pk}/shipments/999999/tracking", events)
    delivered = clerk.post(f"/{order.pk}/deliver", {})
    # then
    assert bad[1]["errors"] == [{"field": "tracking_no", "message": "12 is not a SF Express tracking number."}]
    assert (shipped[0], shipped[1]["status"], shipped[1]["shipments"][0]["tracking_no"]) == (
        200,
        "shipped",
        "SF1234567890123",
    )
    event = TrackingEvent.objects.get()
    assert tracked[1]["tracking"] == [
        {
            "id": event.pk,
            "at": picked_up.isoformat().replace("+00:00", "Z"),
            "description": "已揽收",
            "location": "杭州",
            "status": "collected",
        }
    ]
    assert tracked[1]["logistics_status"] == "collected"
    assert resent[1] == tracked[1]
    assert future[1]["errors"] == [{"field": "events.0.at", "message": "A tracking event cannot lie in the future."}]
    assert wrong[0] == 404
    assert (delivered[0], delivered[1]["status"]) == (200, "delivered")


def test_delivered_tracking_event_delivers(make_order, make_staff, api):
    clerk = api(make_staff("order_clerk"))
    order = make_order("T1", status="paid")
    clerk.post(f"/{order.pk}/ship", {"carrier": "ZTO", "tracking_no": "78123456789012"})
    shipment = Shipment.objects.get(order=order)
    signed = {"at": timezone.now().isoformat(), "description": "已签收", "delivered": True}
    status, body = clerk.post(f"/{order.pk}/shipments/{shipment.pk}/tracking", {"events": [signed]})
    order.refresh_from_db()
    assert (status, body["delivered_at"] is not None, order.status) == (200, True, "delivered")


def test_batches_answer_per_order(make_order, make_staff, other_store, api):
    # given
    clerk = api(make_staff("order_clerk"))
    held = make_order("T1", status="paid", buyer_message="加急", **buyer(1))
    released = make_order("T2", status="paid", **buyer(2))
    foreign = make_order("T3", status="paid", store=other_store, **buyer(3))
    # when
    approve = clerk.post("/batch/approve", {"order_ids": [held.pk, released.pk, foreign.pk], "reason": "批量"})
    memo = clerk.post("/batch/memo", {"order_ids": [held.pk, released.pk], "memo": "双十一", "flag": "yellow"})
    ship = clerk.post(
        "/batch/ship",
        {
            "items": [
                {"order_id": held.pk, "carrier": "ZTO", "tracking_no": "78123456789012"},
                {"order_id": released.pk, "carrier": "YTO", "tracking_no": "bad"},
            ]
        },
    )
    empty = clerk.post("/batch/approve", {"order_ids": []})
    # then
    assert approve == (
        200,
        {
            "done": [held.pk],
            "errors": [
                {"order_id": released.pk, "message": "Order T2 is “Awaiting shipment”, not under review."},
                {"order_id": foreign.pk, "message": "No such order."},
            ],
        },
    )
    assert memo == (200, {"done": [held.pk, released.pk], "errors": []})
    assert ship == (
        200,
        {
            "done": [held.pk],
            "errors": [{"order_id": released.pk, "message": "BAD is not a YTO Express tracking number."}],
        },
    )
    assert empty[0] == 422
    assert list(Order.objects.order_by("pk").values_list("status", flat=True)) == [
        "shipped",
        "awaiting_shipment",
        "awaiting_shipment",
    ]


def test_export_masks_personal_data_unless_allowed(make_order, make_staff, api_client_for):
    # given
    make_order("T1", status="paid")
    clerk, manager = make_staff("order_clerk"), make_staff("manager")
    # when
    masked = api_client_for(clerk).get(f"{URL}/export?format=csv")
    plain = api_client_for(manager).get(f"{URL}/export?format=csv&status=awaiting_shipment")
    xlsx = api_client_for(clerk).get(f"{URL}/export")
    # then
    assert masked.status_code == 200
    assert masked["Content-Type"] == "text/csv; charset=utf-8"
    masked_rows = masked.getvalue().decode("utf-8-sig").splitlines()
    assert len(masked_rows) == 2
    assert "王**" in masked_rows[1] and "138****1111" in masked_rows[1] and "13800001111" not in masked_rows[1]
    assert "13800001111" in plain.getvalue().decode("utf-8-sig")
    assert xlsx["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    rows = AuditEvent.objects.filter(action="orders.order.export").order_by("pk")
    assert [row.after for row in rows] == [
        {"rows": 1, "format": "csv", "unmasked": False},
        {"rows": 1, "format": "csv", "unmasked": True},
        {"rows": 1, "format": "xlsx", "unmasked": False},
    ]
