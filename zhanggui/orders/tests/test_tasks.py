"""Periodic tasks of the orders context: thin wrappers whose services are safe to rerun."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone
from huey.contrib.djhuey import HUEY

from zhanggui.orders import tasks
from zhanggui.orders.models import Order, OrderSettings
from zhanggui.orders.services import order_complete_delivered_expired, order_deliver, order_ship


def delivered(make_order, make_staff, number, *, days_ago):  # type: ignore[no-untyped-def]
    order = make_order(number, status="paid", buyer_nickname=f"tb_{number}", receiver_phone=f"1390000{number[-4:]}")
    order_ship(by=make_staff("order_clerk"), order=order, carrier="SF", tracking_no=f"SF12345678{number[-4:]}0")
    return order_deliver(by=None, order=order, at=timezone.now() - dt.timedelta(days=days_ago))


def test_delivered_orders_complete_after_10_days_once(make_order, make_staff, audit_rows):
    # given: one delivered 11 days ago, one 9 days ago
    old = delivered(make_order, make_staff, "T1001", days_ago=11)
    recent = delivered(make_order, make_staff, "T1002", days_ago=9)
    before = len(audit_rows())
    # when: the task runs twice
    assert order_complete_delivered_expired() == 1
    assert order_complete_delivered_expired() == 0
    # then
    assert Order.objects.get(pk=old.pk).status == "completed"
    assert Order.objects.get(pk=recent.pk).status == "delivered"
    (row,) = audit_rows()[before:]
    assert (row.action, row.actor, row.after["status_path"]) == (
        "orders.order.complete",
        None,
        ["delivered", "completed"],
    )


def test_auto_completion_days_are_per_store(make_order, make_staff, store):
    OrderSettings.objects.create(
        store=store,
        unpaid_timeout_minutes=60,
        review_amount_threshold=Decimal("2000.00"),
        ship_sla_hours=48,
        auto_complete_days=3,
    )
    order = delivered(make_order, make_staff, "T1001", days_ago=4)
    assert order_complete_delivered_expired() == 1
    assert Order.objects.get(pk=order.pk).status == "completed"


def test_the_tasks_run_their_services(make_order, make_staff):
    # given: an unpaid order past the timeout, a delivered order past the confirmation period
    make_order("T1", created_at=timezone.now() - dt.timedelta(days=4))
    delivered(make_order, make_staff, "T1002", days_ago=11)
    # when / then
    assert tasks.orders_close_unpaid_every_5_minutes.call_local() == 1
    assert tasks.orders_complete_delivered_hourly.call_local() == 1
    assert tasks.orders_flag_stuck_shipments_hourly.call_local() == 0


def test_the_tasks_are_scheduled():
    # when: the scheduler asks which tasks are due at three minutes of an hour
    def due(minute):  # type: ignore[no-untyped-def]
        return sorted(task.name for task in HUEY.read_periodic(dt.datetime(2026, 11, 26, 10, minute)))

    # then: closing unpaid orders every 5 minutes; stuck shipments and auto-completion hourly
    assert "orders_close_unpaid_every_5_minutes" in due(5)
    assert "orders_flag_stuck_shipments_hourly" in due(17)
    assert "orders_complete_delivered_hourly" in due(43)
    assert not {"orders_flag_stuck_shipments_hourly", "orders_complete_delivered_hourly"} & set(due(5))
