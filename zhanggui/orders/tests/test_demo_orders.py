"""The demo orders: exact contents at a pinned "now", idempotent reruns, stock and shipment invariants.

The small shop is built once for the module (``demo_shop``, at ``DEMO_NOW``, up to its orders);
each test sees it fresh, in its own savepoint.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal

import pytest
from django.db.models import Sum

from zhanggui.catalog.models import Stock
from zhanggui.core.models import AuditEvent
from zhanggui.orders.constants import tracking_number_valid
from zhanggui.orders.models import BlacklistEntry, Buyer, Order, OrderLine, Shipment, StoreRating, TrackingEvent
from zhanggui.orders.selectors.rules import payable
from zhanggui.testing.demo import DEMO_NOW, demo_build_pinned

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture(scope="module")
def demo_shop(module_db, django_db_blocker):  # type: ignore[no-untyped-def]
    """The small demo shop up to its orders: the after-sales cases built after them close some orders
    and add replacement orders (``aftersales/tests/test_demo_aftersales.py`` checks those)."""
    with django_db_blocker.unblock():
        return demo_build_pinned(size="small", until="zhanggui.orders")


def order_counts() -> dict[str, int]:
    models = [Buyer, Order, OrderLine, Shipment, TrackingEvent, StoreRating, BlacklistEntry]
    return {model.__name__: model.objects.count() for model in models}


def reserved_by_stock_row() -> dict[tuple[int, int], int]:
    return {
        (sku_id, warehouse_id): reserved
        for sku_id, warehouse_id, reserved in Stock.objects.filter(reserved__gt=0).values_list(
            "sku_id", "warehouse_id", "reserved"
        )
    }


def test_small_demo_adds_ninety_days_of_orders_with_consistent_stock_and_shipments(demo_shop):
    # when the small demo was built
    ctx = demo_shop

    # then: the same orders at every run with this "now"
    assert order_counts() == {
        "Buyer": 2249,
        "Order": 5211,
        "OrderLine": 7215,
        "Shipment": 4681,
        "TrackingEvent": 27733,
        "StoreRating": 1483,
        "BlacklistEntry": 3,
    }
    assert ctx.log[-1] == "orders: 5211 (5211 new); held for review: 27; shipments: 4681; store ratings: 1483"
    assert Counter(Order.objects.values_list("status", flat=True)) == {
        "pending_payment": 7,
        "awaiting_shipment": 41,
        "under_review": 27,
        "shipped": 111,
        "delivered": 351,
        "completed": 4219,
        "closed": 455,
    }
    assert Counter(Order.objects.values_list("store__code", flat=True)) == {
        "nm-tmall": 1705,
        "nm-taobao": 950,
        "nm-pdd": 852,
        "nm-jd": 742,
        "nm-douyin": 594,
        "nm-own": 245,
        "nm-hk": 123,
    }
    held = Counter(r["code"] for rs in Order.objects.values_list("review_reasons", flat=True) for r in rs)
    assert held == {
        "amount_over_threshold": 18,
        "message_keywords": 7,
        "out_of_stock": 4,
        "merge_candidate": 2,
        "incomplete_address": 1,
        "blacklisted": 3,
    }
    assert BlacklistEntry.objects.count() == 3
    assert Order.objects.filter(anomalies=["stuck_shipment"], status="shipped").count() == 13
    # 双11 is the busiest day; nothing is dated after "now"; the oldest order is under 90 days old
    per_day = Counter(Order.objects.values_list("created_at__date", flat=True))
    assert max(per_day, key=lambda day: per_day[day]) == dt.date(2026, 11, 11)
    assert not Order.objects.filter(created_at__gt=DEMO_NOW).exists()
    assert not Order.objects.filter(created_at__lt=DEMO_NOW - dt.timedelta(days=90)).exists()

    # stock: reserved is exactly the units of the open paid orders' reserved lines
    lines = OrderLine.objects.filter(reserved=True)
    assert set(lines.values_list("order__status", flat=True)) == {"awaiting_shipment", "under_review"}
    expected: Counter[tuple[int, int]] = Counter()
    for sku_id, warehouse_id, quantity in lines.values_list("sku_id", "order__warehouse_id", "quantity"):
        expected[(sku_id, warehouse_id)] += quantity
    assert reserved_by_stock_row() == dict(expected)
    # 缺货 orders hold nothing and wait in the review queue with that reason
    short = Order.objects.filter(out_of_stock=True)
    assert short.count() == 4
    assert set(short.values_list("status", flat=True)) == {"under_review"}
    assert not OrderLine.objects.filter(order__out_of_stock=True, reserved=True).exists()

    # every order that left has a parcel with a valid tracking number and its carrier's news
    sent = Order.objects.filter(status__in=["shipped", "delivered", "completed"])
    assert set(Shipment.objects.values_list("order_id", flat=True)) == set(sent.values_list("pk", flat=True))
    for carrier, number in Shipment.objects.values_list("carrier", "tracking_no"):
        assert tracking_number_valid(carrier, number), (carrier, number)
    silent = Shipment.objects.filter(tracking_events__isnull=True)  # not yet collected: left in the last 2 h
    assert silent.count() == 6
    assert not silent.filter(shipped_at__lt=DEMO_NOW - dt.timedelta(hours=2)).exists()
    assert not TrackingEvent.objects.filter(at__gt=DEMO_NOW).exists()
    # where the parcels are, read from the carriers' texts: parcels on their way are moving or at the
    # door, stuck ones held at a hub (异常), everything delivered is signed (a locker counts)
    logistics = Counter(
        Order.objects.filter(status__in=["shipped", "delivered", "completed"]).values_list("status", "logistics_status")
    )
    assert logistics == {
        ("shipped", ""): 6,
        ("shipped", "collected"): 10,
        ("shipped", "in_transit"): 76,
        ("shipped", "out_for_delivery"): 3,
        ("shipped", "exception"): 16,
        ("delivered", "signed"): 351,
        ("completed", "signed"): 4219,
    }
    assert Order.objects.filter(anomalies=["stuck_shipment"]).exclude(logistics_status="exception").count() == 0
    assert set(TrackingEvent.objects.values_list("status", flat=True)) == {
        "collected",
        "in_transit",
        "out_for_delivery",
        "signed",
        "exception",
    }

    # amounts: what was paid is what the lines ask; closed paid orders are refunded in full
    for order in Order.objects.exclude(paid_at=None).prefetch_related("lines")[:500]:
        assert order.paid_amount == payable(order, list(order.lines.all())), order.platform_order_id
    closed_paid = Order.objects.filter(status="closed").exclude(paid_at=None)
    assert sum(o.paid_amount - o.refunded_amount for o in closed_paid) == Decimal("0.00")

    # ratings lean high, and yesterday brought low ratings to the busy stores (for the checklist)
    assert Counter(StoreRating.objects.values_list("rating", flat=True)) == {5: 1150, 4: 175, 3: 57, 2: 61, 1: 40}
    yesterday = StoreRating.objects.filter(
        rating__lte=2, rated_at__gte=dt.datetime(2026, 11, 24, 16, tzinfo=dt.UTC), rated_at__lt=DEMO_NOW
    )
    assert {"nm-tmall", "nm-taobao", "nm-jd"} <= set(yesterday.values_list("store__code", flat=True))


def test_a_second_run_adds_and_changes_nothing(demo_shop):
    # given the small demo
    before, reserved = order_counts(), reserved_by_stock_row()
    statuses = dict(Order.objects.values_list("pk", "status"))
    audit_rows = AuditEvent.objects.count()

    # when
    ctx = demo_build_pinned(size="small", until="zhanggui.orders")

    # then
    assert order_counts() == before
    assert reserved_by_stock_row() == reserved
    assert dict(Order.objects.values_list("pk", "status")) == statuses
    assert AuditEvent.objects.count() == audit_rows
    assert ctx.log[-1].startswith(f"orders: {before['Order']} (0 new)")
    assert Stock.objects.aggregate(total=Sum("reserved"))["total"] == sum(reserved.values())
