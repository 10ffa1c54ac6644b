"""Anomalies (异常) after review: raised by edits and the stuck-shipment check, resolved by a clerk."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.utils import timezone

from zhanggui.core.exceptions import ConflictError, NotFoundError, PermissionDeniedError, ValidationFailed
from zhanggui.orders.models import Order, OrderSettings, TrackingEvent
from zhanggui.orders.selectors import order_list
from zhanggui.orders.services import (
    anomaly_clear_stuck,
    order_address_change,
    order_anomaly_resolve,
    order_deliver,
    order_price_adjust,
    order_ship,
    order_stuck_shipments_flag,
)

ADDRESS = {
    "receiver_name": "王小二",
    "receiver_phone": "13800001111",
    "province": "浙江省",
    "city": "杭州市",
    "district": "滨江区",
    "address_detail": "江南大道 1 号",
}


@pytest.fixture
def shipped(make_order, clerk):  # type: ignore[no-untyped-def]
    """A paid order handed to 顺丰 just now."""
    order = make_order("T1", status="paid")
    order_ship(by=clerk, order=order, carrier="SF", tracking_no="SF1234567890123")
    order.refresh_from_db()
    return order


def days_later(days: float) -> dt.datetime:
    return timezone.now() + dt.timedelta(days=days)


# --- raised by edits ---------------------------------------------------------------------------
def test_an_address_changed_after_payment_is_an_anomaly(make_order, clerk, audit_rows):
    # given
    order = make_order(status="paid")
    before = len(audit_rows())
    # when
    order = order_address_change(by=clerk, order=order, reason="买家要求", **ADDRESS)
    # then
    assert order.anomalies == ["address_changed_after_payment"]
    (row,) = audit_rows()[before:]
    assert (row.action, row.after["anomalies"]) == ("orders.order.address_change", ["address_changed_after_payment"])


def test_an_address_changed_before_payment_is_no_anomaly(make_order, clerk):
    order = order_address_change(by=clerk, order=make_order(), reason="买家要求", **ADDRESS)
    assert Order.objects.get(pk=order.pk).anomalies == []


def test_a_price_changed_by_hand_is_an_anomaly_once(make_order, clerk):
    # given
    order = make_order(status="paid")
    # when: two discounts
    order_price_adjust(by=clerk, order=order, amount=Decimal("5.00"), reason="老客户")
    order = order_price_adjust(by=clerk, order=order, amount=Decimal("5.00"), reason="再让一点")
    # then
    assert Order.objects.get(pk=order.pk).anomalies == ["manual_price_change"]


# --- resolving ---------------------------------------------------------------------------------
def test_a_clerk_resolves_an_anomaly_with_a_remark(make_order, clerk, audit_rows):
    # given
    order = make_order(status="paid")
    order = order_address_change(by=clerk, order=order, reason="买家要求", **ADDRESS)
    order_price_adjust(by=clerk, order=order, amount=Decimal("5.00"), reason="老客户")
    before = len(audit_rows())
    # when
    order = order_anomaly_resolve(by=clerk, order=order, code="address_changed_after_payment", remark="已电话确认")
    # then
    assert Order.objects.get(pk=order.pk).anomalies == ["manual_price_change"]
    (row,) = audit_rows()[before:]
    assert (row.action, row.before, row.after, row.reason) == (
        "orders.order.anomaly_resolve",
        {"anomalies": ["address_changed_after_payment", "manual_price_change"]},
        {"anomalies": ["manual_price_change"], "resolved": "address_changed_after_payment"},
        "已电话确认",
    )


def test_resolving_needs_a_known_code_and_a_remark(make_order, clerk, audit_rows):
    # given
    order = order_price_adjust(by=clerk, order=make_order(status="paid"), amount=Decimal("5.00"), reason="老客户")
    before = len(audit_rows())
    # when
    with pytest.raises(ValidationFailed) as caught:
        order_anomaly_resolve(by=clerk, order=order, code="lost", remark="  ")
    # then: both fields reported, nothing changed
    assert [(e.field, e.message) for e in caught.value.errors] == [
        ("code", "Unknown anomaly."),
        ("remark", "This field is required."),
    ]
    assert (Order.objects.get(pk=order.pk).anomalies, len(audit_rows())) == (["manual_price_change"], before)


def test_resolving_an_anomaly_the_order_does_not_have_is_a_conflict(make_order, clerk, audit_rows):
    order = make_order(status="paid")
    before = len(audit_rows())
    with pytest.raises(ConflictError, match="has no anomaly"):
        order_anomaly_resolve(by=clerk, order=order, code="stuck_shipment", remark="查过了")
    assert len(audit_rows()) == before


def test_an_agent_may_not_resolve_and_another_store_does_not_find_the_order(
    make_order, clerk, make_staff, other_store, audit_rows
):
    # given
    order = order_price_adjust(by=clerk, order=make_order(status="paid"), amount=Decimal("5.00"), reason="老客户")
    before = len(audit_rows())
    # when / then
    with pytest.raises(PermissionDeniedError):
        order_anomaly_resolve(by=make_staff("cs_agent"), order=order, code="manual_price_change", remark="看过了")
    with pytest.raises(NotFoundError):
        order_anomaly_resolve(
            by=make_staff("order_clerk", stores=[other_store]), order=order, code="manual_price_change", remark="看过"
        )
    assert (Order.objects.get(pk=order.pk).anomalies, len(audit_rows())) == (["manual_price_change"], before)


# --- stuck shipments ---------------------------------------------------------------------------
def test_a_shipment_without_news_for_3_days_is_flagged_once(shipped, audit_rows):
    # given: no tracking event since shipping
    before = len(audit_rows())
    # when: the check runs 2 days later, then 3 days later twice
    assert order_stuck_shipments_flag(now=days_later(2)) == 0
    assert order_stuck_shipments_flag(now=days_later(3)) == 1
    assert order_stuck_shipments_flag(now=days_later(3)) == 0
    # then
    assert Order.objects.get(pk=shipped.pk).anomalies == ["stuck_shipment"]
    (row,) = audit_rows()[before:]
    assert (row.action, row.actor, row.after) == ("orders.order.anomaly_raise", None, {"anomalies": ["stuck_shipment"]})
    assert row.reason.startswith("No tracking news since ")


def test_the_latest_tracking_event_counts(shipped):
    # given: the carrier reported the parcel 2 days after shipping
    TrackingEvent.objects.create(shipment=shipped.shipments.get(), at=days_later(2), description="运输中")
    # when / then: stuck 3 days after that event, not before
    assert order_stuck_shipments_flag(now=days_later(4)) == 0
    assert order_stuck_shipments_flag(now=days_later(5.1)) == 1


def test_news_clears_the_flag_on_the_next_check(shipped, audit_rows):
    # given
    order_stuck_shipments_flag(now=days_later(4))
    TrackingEvent.objects.create(shipment=shipped.shipments.get(), at=days_later(3.5), description="派送中")
    before = len(audit_rows())
    # when
    assert order_stuck_shipments_flag(now=days_later(4)) == 1
    # then
    assert Order.objects.get(pk=shipped.pk).anomalies == []
    (row,) = audit_rows()[before:]
    assert (row.action, row.after) == ("orders.order.anomaly_clear", {"anomalies": []})


def test_a_tracking_service_clears_the_flag_at_once(shipped):
    # given
    order_stuck_shipments_flag(now=days_later(4))
    order = Order.objects.get(pk=shipped.pk)
    # when / then
    assert anomaly_clear_stuck(order) is True
    assert anomaly_clear_stuck(order) is False
    assert Order.objects.get(pk=shipped.pk).anomalies == []


def test_a_resolved_stuck_shipment_restarts_its_clock(shipped, clerk):
    # given: flagged, then resolved by a clerk (who called the carrier) now
    order_stuck_shipments_flag(now=days_later(4))
    order_anomaly_resolve(by=clerk, order=shipped, code="stuck_shipment", remark="已联系顺丰")
    # when / then: not flagged again until 3 days after the resolution
    assert order_stuck_shipments_flag(now=days_later(2.9)) == 0
    assert order_stuck_shipments_flag(now=days_later(3.1)) == 1


def test_the_stuck_days_are_per_store(shipped, store):
    OrderSettings.objects.create(
        store=store,
        unpaid_timeout_minutes=60,
        review_amount_threshold=Decimal("2000.00"),
        ship_sla_hours=48,
        stuck_shipment_days=1,
    )
    assert order_stuck_shipments_flag(now=days_later(1.1)) == 1


def test_delivery_clears_a_stuck_shipment(shipped):
    # given
    order_stuck_shipments_flag(now=days_later(4))
    # when
    order = order_deliver(by=None, order=shipped)
    # then
    assert (order.status, Order.objects.get(pk=order.pk).anomalies) == ("delivered", [])
    assert order_stuck_shipments_flag(now=days_later(30)) == 0


# --- listing -----------------------------------------------------------------------------------
def test_the_order_list_filters_by_anomaly(make_order, clerk, shipped):
    # given
    priced = order_price_adjust(
        by=clerk, order=make_order("T2", status="paid", buyer_nickname="tb_b"), amount=Decimal("5.00"), reason="x"
    )
    make_order("T3", status="paid", buyer_nickname="tb_c")
    order_stuck_shipments_flag(now=days_later(4))

    # when
    def numbers(anomaly):  # type: ignore[no-untyped-def]
        return sorted(o.platform_order_id for o in order_list(user=clerk, filters={"anomaly": anomaly}))

    # then
    assert numbers("any") == ["T1", priced.platform_order_id]
    assert numbers("stuck_shipment") == ["T1"]
    assert numbers("manual_price_change") == ["T2"]
    assert numbers("address_changed_after_payment") == []


# --- API ---------------------------------------------------------------------------------------
def test_the_api_lists_orders_with_anomalies_and_resolves_one(english_api_client_for, make_order, clerk, shipped):
    # given: T1 stuck, T2 repriced by hand, T3 fine
    order_stuck_shipments_flag(now=days_later(4))
    priced = order_price_adjust(
        by=clerk, order=make_order("T2", status="paid", buyer_nickname="tb_b"), amount=Decimal("5.00"), reason="x"
    )
    make_order("T3", status="paid", buyer_nickname="tb_c")
    client = english_api_client_for(clerk)
    # when
    listed = client.get("/api/v1/orders/anomalies")
    stuck = client.get("/api/v1/orders/anomalies", {"code": "stuck_shipment"})
    resolved = client.post(
        f"/api/v1/orders/anomalies/{priced.pk}/manual_price_change/resolve",
        data=json.dumps({"remark": "店长同意"}),
        content_type="application/json",
    )
    # then
    assert sorted(o["platform_order_id"] for o in listed.json()["items"]) == ["T1", "T2"]
    assert [(o["platform_order_id"], o["anomalies"]) for o in stuck.json()["items"]] == [
        ("T1", [{"code": "stuck_shipment", "label": "Shipment without tracking news"}])
    ]
    assert (resolved.status_code, resolved.json()["anomalies"]) == (200, [])


def test_the_api_refuses_resolving_without_remark_permission_or_anomaly(
    english_api_client_for, make_order, clerk, make_staff
):
    order = order_price_adjust(by=clerk, order=make_order(status="paid"), amount=Decimal("5.00"), reason="x")
    url = f"/api/v1/orders/anomalies/{order.pk}/manual_price_change/resolve"
    body = json.dumps({"remark": "看过了"})
    client = english_api_client_for(clerk)
    assert client.post(url, data=json.dumps({"remark": ""}), content_type="application/json").status_code == 422
    agent = english_api_client_for(make_staff("cs_agent"))
    assert agent.post(url, data=body, content_type="application/json").status_code == 403
    other = f"/api/v1/orders/anomalies/{order.pk}/stuck_shipment/resolve"
    assert client.post(other, data=body, content_type="application/json").json()["code"] == "no_such_anomaly"
    assert Order.objects.get(pk=order.pk).anomalies == ["manual_price_change"]


# --- console -----------------------------------------------------------------------------------
def test_the_console_lists_and_resolves_anomalies(english_client_for, make_order, clerk, shipped):
    # given: T1 stuck, T2 repriced by hand
    order_stuck_shipments_flag(now=days_later(4))
    priced = order_price_adjust(
        by=clerk, order=make_order("T2", status="paid", buyer_nickname="tb_b"), amount=Decimal("5.00"), reason="x"
    )
    client = english_client_for(clerk)
    # when
    listed = client.get("/orders/anomalies/").content.decode()
    stuck_only = client.get("/orders/anomalies/", {"anomaly": "stuck_shipment"}).content.decode()
    response = client.post(
        "/orders/anomalies/",
        {
            "_action": "resolve",
            "ids": [shipped.pk, priced.pk],
            "resolve-code": "stuck_shipment",
            "resolve-remark": "查过",
        },
        follow=True,
    )
    # then
    assert ("T1" in listed, "T2" in listed, "Shipment without tracking news" in listed) == (True, True, True)
    assert ("T1" in stuck_only, ">T2<" in stuck_only) == (True, False)
    page = response.content.decode()
    assert "1 of 2 order(s) resolved." in page
    assert "T2: no “Shipment without tracking news” to resolve." in page
    assert Order.objects.get(pk=shipped.pk).anomalies == []
