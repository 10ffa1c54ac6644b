"""Carrier tracking events: re-sent events add nothing, future events are refused, 签收 delivers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from zhanggui.core.exceptions import NotFoundError, PermissionDeniedError, ValidationFailed
from zhanggui.core.models import AuditEvent
from zhanggui.orders.models import Order, TrackingEvent
from zhanggui.orders.services import TrackingEventData, order_ship, shipment_tracking_add
from zhanggui.testing.factories import anomalies_set

pytestmark = pytest.mark.django_db


@pytest.fixture
def shipment(make_order, make_staff):  # type: ignore[no-untyped-def]
    return order_ship(
        by=make_staff("order_clerk"), order=make_order("T1", status="paid"), carrier="ZTO", tracking_no="78123456789012"
    )


def hours_ago(hours: int) -> dt.datetime:
    return (timezone.now() - dt.timedelta(hours=hours)).replace(microsecond=0)


def tracking_rows() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action="orders.shipment.tracking_add").order_by("pk"))


def test_resent_events_add_nothing(shipment, make_staff):
    # given
    clerk = make_staff("order_clerk")
    picked_up = TrackingEventData(at=hours_ago(5), description="已揽收", location="杭州")
    in_transit = TrackingEventData(at=hours_ago(3), description="运输中", location="上海转运中心")
    # when: the carrier sends its history twice, the second time with one more event
    first = shipment_tracking_add(by=clerk, shipment=shipment, events=[picked_up])
    second = shipment_tracking_add(by=clerk, shipment=shipment, events=[in_transit, picked_up, in_transit])
    third = shipment_tracking_add(by=None, shipment=shipment, events=[picked_up, in_transit])
    # then
    assert ([e.description for e in first], [e.description for e in second], third) == (["已揽收"], ["运输中"], [])
    assert list(TrackingEvent.objects.values_list("description", "location")) == [
        ("已揽收", "杭州"),
        ("运输中", "上海转运中心"),
    ]
    rows = tracking_rows()
    assert [row.after["events"] for row in rows] == [
        [{"at": picked_up.at.isoformat(), "description": "已揽收"}],
        [{"at": in_transit.at.isoformat(), "description": "运输中"}],
    ]
    assert (rows[0].store_id, rows[0].object_type) == (shipment.order.store_id, "orders.shipment")


def test_future_and_empty_events_are_refused_all_at_once(shipment):
    # when
    with pytest.raises(ValidationFailed) as failed:
        shipment_tracking_add(
            by=None,
            shipment=shipment,
            events=[
                TrackingEventData(at=timezone.now() + dt.timedelta(hours=1), description="派送中"),
                TrackingEventData(at=hours_ago(1), description="  "),
            ],
        )
    # then
    assert [(error.field, error.message) for error in failed.value.errors] == [
        ("events.0.at", "A tracking event cannot lie in the future."),
        ("events.1.description", "This field is required."),
    ]
    assert (TrackingEvent.objects.count(), tracking_rows()) == (0, [])


def test_delivered_event_moves_the_order_to_delivered(shipment, audit_rows):
    # given
    signed_at = hours_ago(1)
    # when
    shipment_tracking_add(
        by=None, shipment=shipment, events=[TrackingEventData(at=signed_at, description="已签收", delivered=True)]
    )
    # then
    order = shipment.order
    order.refresh_from_db()
    shipment.refresh_from_db()
    assert (order.status, order.delivered_at, shipment.delivered_at) == ("delivered", signed_at, signed_at)
    assert [row.action for row in audit_rows()][-2:] == ["orders.shipment.tracking_add", "orders.order.deliver"]


def test_resent_delivered_event_does_nothing_more(shipment, audit_rows):
    signed = TrackingEventData(at=hours_ago(1), description="已签收", delivered=True)
    shipment_tracking_add(by=None, shipment=shipment, events=[signed])
    before = len(audit_rows())
    assert shipment_tracking_add(by=None, shipment=shipment, events=[signed]) == []
    assert len(audit_rows()) == before


def test_tracking_needs_ship_permission_and_the_store(shipment, make_staff, other_store):
    event = TrackingEventData(at=hours_ago(1), description="已揽收")
    with pytest.raises(PermissionDeniedError):
        shipment_tracking_add(by=make_staff("cs_agent"), shipment=shipment, events=[event])
    with pytest.raises(NotFoundError):
        shipment_tracking_add(by=make_staff("order_clerk", stores=[other_store]), shipment=shipment, events=[event])
    assert (TrackingEvent.objects.count(), tracking_rows()) == (0, [])


def test_news_clears_a_stuck_shipment(shipment):
    # given: the order was flagged for a parcel without news
    anomalies_set(Order.objects.filter(pk=shipment.order_id), ["stuck_shipment"])
    # when
    shipment_tracking_add(by=None, shipment=shipment, events=[TrackingEventData(at=hours_ago(1), description="运输中")])
    # then
    order = Order.objects.get(pk=shipment.order_id)
    assert (order.anomalies, tracking_rows()[0].after["anomalies"]) == ([], [])
