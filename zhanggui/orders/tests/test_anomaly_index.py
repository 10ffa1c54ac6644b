"""The anomaly filter reads the anomaly index (``OrderAnomaly``), which the anomaly helpers keep equal
to the orders' lists; the migration fills it from the lists and empties it when undone."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.utils import timezone

from zhanggui.orders.models import Order, OrderAnomaly
from zhanggui.orders.selectors import order_list
from zhanggui.orders.services import (
    order_address_change,
    order_anomaly_resolve,
    order_deliver,
    order_price_adjust,
    order_ship,
    order_stuck_shipments_flag,
)

pytestmark = pytest.mark.django_db

ADDRESS = {
    "receiver_name": "王小二",
    "receiver_phone": "13800001111",
    "province": "浙江省",
    "city": "杭州市",
    "district": "滨江区",
    "address_detail": "江南大道 1 号",
}
CODES = ("address_changed_after_payment", "manual_price_change", "stuck_shipment")


def by_list(code: str | None) -> list[str]:
    """The filter as it was: every order's JSON list read."""
    return sorted(o.platform_order_id for o in Order.objects.all() if (code in o.anomalies if code else o.anomalies))


def by_filter(user, code: str | None) -> list[str]:  # type: ignore[no-untyped-def]
    rows = order_list(user=user, filters={"anomaly": code or "any"}).values_list("platform_order_id", flat=True)
    return sorted(rows)


def index_rows() -> list[tuple[str, str]]:
    return sorted(OrderAnomaly.objects.values_list("order__platform_order_id", "code"))


def test_the_anomaly_filter_lists_what_the_orders_carry(make_order, clerk):
    # given anomalies raised and resolved through the services
    both = make_order("A-BOTH", status="paid")
    both = order_address_change(by=clerk, order=both, reason="买家要求", **ADDRESS)
    order_price_adjust(by=clerk, order=both, amount=Decimal("5.00"), reason="老客户")
    priced = make_order("A-PRICE", status="paid")
    order_price_adjust(by=clerk, order=priced, amount=Decimal("5.00"), reason="老客户")
    order_price_adjust(by=clerk, order=priced, amount=Decimal("1.00"), reason="再让一点")  # flagged once
    resolved = make_order("A-RESOLVED", status="paid")
    resolved = order_address_change(by=clerk, order=resolved, reason="买家要求", **ADDRESS)
    order_anomaly_resolve(by=clerk, order=resolved, code="address_changed_after_payment", remark="已电话确认")
    make_order("A-PLAIN", status="paid")
    # when each filter is applied
    # then it lists exactly the orders whose lists carry the code, and the index holds one row per code
    assert index_rows() == [
        ("A-BOTH", "address_changed_after_payment"),
        ("A-BOTH", "manual_price_change"),
        ("A-PRICE", "manual_price_change"),
    ]
    for code in (None, *CODES):
        assert by_filter(clerk, code) == by_list(code)
    assert by_filter(clerk, None) == ["A-BOTH", "A-PRICE"]


def test_a_stuck_parcel_is_indexed_while_stuck_and_dropped_when_delivered(make_order, clerk):
    # given a parcel shipped five days ago without news
    order = make_order("S1", status="paid")
    order_ship(by=clerk, order=order, carrier="SF", tracking_no="SF1234567890123")
    later = timezone.now() + dt.timedelta(days=5)
    # when the periodic check flags it, then it arrives
    order_stuck_shipments_flag(now=later)
    stuck = by_filter(clerk, "stuck_shipment")
    order_deliver(by=clerk, order=Order.objects.get(pk=order.pk))
    # then it was listed as stuck, and is no longer
    assert (stuck, by_filter(clerk, "stuck_shipment"), index_rows()) == (["S1"], [], [])


def test_the_migration_fills_the_index_from_the_lists_and_empties_it_when_undone(make_order):
    # given orders whose lists were written before the index existed
    make_order("M1")
    make_order("M2")
    Order.objects.filter(platform_order_id="M1").update(anomalies=["manual_price_change", "stuck_shipment"])
    backfill = import_module("zhanggui.orders.migrations.0015_order_anomaly_backfill")
    # when the migration runs forwards, twice (safe to rerun), then backwards
    backfill.fill(django_apps, None)
    backfill.fill(django_apps, None)
    filled = index_rows()
    backfill.empty(django_apps, None)
    # then
    assert filled == [("M1", "manual_price_change"), ("M1", "stuck_shipment")]
    assert index_rows() == []
