"""The order timeline: audit rows and tracking events in words, oldest first, personal data masked."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from zhanggui.core.exceptions import NotFoundError, PermissionDeniedError
from zhanggui.core.models import AuditEvent
from zhanggui.orders.selectors.timeline import TimelineEntry, order_timeline
from zhanggui.orders.services import (
    TrackingEventData,
    order_address_change,
    order_anomaly_resolve,
    order_memo_set,
    order_pay,
    order_review_approve,
    order_ship,
    shipment_tracking_add,
)

pytestmark = pytest.mark.django_db


def test_timeline_tells_the_order_story(make_order, make_staff):
    # given: a held order approved, re-addressed, flagged, shipped and signed for
    clerk = make_staff("order_clerk", username="xiaoli", display_name="小李")
    order = make_order("T1", status="paid", buyer_message="加急")
    order_review_approve(by=clerk, order=order, reason="已电话确认")
    order_address_change(
        by=clerk,
        order=order,
        reason="买家要求改地址",
        receiver_name="李四",
        receiver_phone="13900002222",
        province="上海市",
        city="上海市",
        district="浦东新区",
        address_detail="世纪大道 1 号",
    )
    order_memo_set(by=clerk, order=order, memo="送礼", flag="red")
    shipment = order_ship(by=clerk, order=order, carrier="SF", tracking_no="SF1234567890123")
    picked_up = timezone.now()
    shipment_tracking_add(
        by=None,
        shipment=shipment,
        events=[TrackingEventData(at=picked_up, description="已揽收", location="杭州")],
    )
    signed = timezone.now()
    shipment_tracking_add(
        by=None, shipment=shipment, events=[TrackingEventData(at=signed, description="已签收", delivered=True)]
    )
    # when
    timeline = order_timeline(user=clerk, order=order)
    # then
    audit_times = list(
        AuditEvent.objects.filter(object_type="orders.order", object_id=str(order.pk))
        .order_by("pk")
        .values_list("at", flat=True)
    )
    times = [*audit_times[:5], picked_up, signed, audit_times[5]]
    assert timeline == [
        TimelineEntry(times[0], "system", "create", "Order received", "Awaiting payment → Paid → Under review"),
        TimelineEntry(times[1], "小李", "approve", "Approved", "已电话确认"),
        TimelineEntry(
            times[2],
            "小李",
            "address_change",
            "Address changed",
            "买家要求改地址; Receiver: 王** → 李*; Receiver phone: 138****1111 → 139****2222; "
            "Province: 浙江省 → 上海市; City: 杭州市 → 上海市; District: 西湖区 → 浦东新区; "
            "Street address: 文三路**** → 世纪****; Anomalies: — → Address changed after payment",
        ),
        TimelineEntry(
            times[3], "小李", "memo_set", "Seller memo changed", "Seller memo: — → 送礼; Flag: No flag → Red"
        ),
        TimelineEntry(times[4], "小李", "ship", "Shipped SF Express SF1234567890123", ""),
        TimelineEntry(times[5], "SF Express", "tracking", "已揽收", "杭州"),
        TimelineEntry(times[6], "SF Express", "tracking", "已签收", ""),
        TimelineEntry(times[7], "system", "deliver", "Delivered", ""),
    ]


def test_paid_order_says_why_it_was_held(make_order, make_staff):
    # given: an order paid in Zhanggui's own flow that no rule holds
    order = make_order("T1", status="pending_payment")
    order_pay(by=None, order=order, paid_amount=order.goods_amount + order.shipping_fee)
    # when
    (created, paid) = order_timeline(user=make_staff("cs_agent"), order=order)
    # then
    assert (created.label, created.detail) == ("Order received", "Awaiting payment")
    assert (paid.actor, paid.label, paid.detail) == ("system", "Paid", "Awaiting shipment")


def test_timeline_is_scoped(make_order, make_staff, other_store):
    order = make_order("T1", status="paid")
    with pytest.raises(NotFoundError):
        order_timeline(user=make_staff("order_clerk", stores=[other_store]), order=order)
    with pytest.raises(PermissionDeniedError):
        order_timeline(user=make_staff("operator"), order=order)


def test_events_sort_by_time_with_old_tracking_first(make_order, make_staff):
    # given: a carrier reports an event that happened before the order was shipped in Zhanggui
    clerk = make_staff("order_clerk")
    order = make_order("T1", status="paid")
    shipment = order_ship(by=clerk, order=order, carrier="ZTO", tracking_no="78123456789012")
    early = timezone.now() - dt.timedelta(days=1)
    shipment_tracking_add(by=clerk, shipment=shipment, events=[TrackingEventData(at=early, description="已揽收")])
    # when
    kinds = [entry.kind for entry in order_timeline(user=clerk, order=order)]
    # then
    assert kinds == ["tracking", "create", "ship"]


def test_anomalies_in_words(make_order, make_staff):
    # given: an address changed after payment raises an anomaly, which a clerk resolves
    clerk = make_staff("order_clerk")
    order = make_order("T1", status="paid")
    order_address_change(
        by=clerk,
        order=order,
        reason="改地址",
        receiver_name="王小二",
        receiver_phone="13800001111",
        province="浙江省",
        city="杭州市",
        district="西湖区",
        address_detail="文三路 200 号",
    )
    order_anomaly_resolve(by=clerk, order=order, code="address_changed_after_payment", remark="已与买家核实")
    # when
    *_rest, changed, resolved = order_timeline(user=clerk, order=order)
    # then
    # (the new street address masks like the old one: the audit row names the fields instead)
    assert changed.detail == "改地址; Anomalies: — → Address changed after payment"
    assert (resolved.label, resolved.detail) == (
        "Anomaly resolved",
        "已与买家核实; Anomalies: Address changed after payment → —",
    )


def test_an_order_written_in_bulk_shows_the_platforms_times(store, make_staff):
    # given: an order as a file import writes it (one audit row for the batch, none for the order)
    from zhanggui.orders.models import Buyer, Order

    ordered = timezone.now() - dt.timedelta(days=3)
    paid, shipped = ordered + dt.timedelta(minutes=5), ordered + dt.timedelta(days=1)
    order = Order.objects.create(
        store=store,
        platform_order_id="T-BULK",
        buyer=Buyer.objects.create(store=store, nickname="tb_批量"),
        status="shipped",
        created_at=ordered,
        paid_at=paid,
        shipped_at=shipped,
    )
    # when
    timeline = order_timeline(user=make_staff("order_clerk"), order=order)
    # then
    assert timeline == [
        TimelineEntry(ordered, "platform", "pending_payment", "Ordered on the platform", ""),
        TimelineEntry(paid, "platform", "paid", "Paid", ""),
        TimelineEntry(shipped, "platform", "shipped", "Shipped", ""),
    ]
