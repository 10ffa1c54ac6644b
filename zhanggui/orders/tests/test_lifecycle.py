"""Payment, review routing, approval, holds, cancellation, timeouts, shipping and delivery."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from zhanggui.core.exceptions import ConflictError, NotFoundError, PermissionDeniedError, ValidationFailed
from zhanggui.orders.models import OrderSettings
from zhanggui.orders.services import (
    OrderLineData,
    order_cancel,
    order_close_unpaid_expired,
    order_complete,
    order_deliver,
    order_pay,
    order_review_approve,
    order_review_hold,
    order_ship,
)

pytestmark = pytest.mark.django_db


def test_paying_reserves_the_units_and_releases_a_clean_order_for_shipment(make_order, goods, make_staff, audit_rows):
    # given: an unpaid order of 2 white T-shirts
    order = make_order()
    clerk = make_staff("order_clerk")
    before = len(audit_rows())
    # when
    order = order_pay(by=clerk, order=order)
    # then
    goods.white_stock.refresh_from_db()
    assert (order.status, order.out_of_stock, order.paid_amount) == ("awaiting_shipment", False, Decimal("208.00"))
    assert order.warehouse == goods.warehouse
    assert list(order.lines.values_list("reserved", flat=True)) == [True]
    assert (goods.white_stock.on_hand, goods.white_stock.reserved) == (10, 2)
    rows = audit_rows()[before:]
    assert [(r.action, r.before, r.after["status_path"]) for r in rows] == [
        ("orders.order.pay", {"status": "pending_payment"}, ["pending_payment", "paid", "awaiting_shipment"])
    ]


def test_an_order_that_cannot_be_reserved_is_held_as_out_of_stock(make_order, goods):
    # given: 4 black T-shirts wanted, 3 on hand
    lines = [OrderLineData(title="黑色 L", unit_price=Decimal("99.00"), quantity=4, merchant_code="TEE-BLK-L")]
    order = make_order(lines=lines)
    # when
    order = order_pay(by=None, order=order)
    # then
    goods.black_stock.refresh_from_db()
    assert (order.status, order.out_of_stock) == ("under_review", True)
    assert order.review_reasons == [{"code": "out_of_stock", "detail": ""}]
    assert goods.black_stock.reserved == 0
    assert list(order.lines.values_list("reserved", flat=True)) == [False]


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"buyer_message": "麻烦加急，谢谢"}, "message_keywords"),
        ({"address_detail": ""}, "incomplete_address"),
        ({"paid_amount": Decimal("150.00")}, "amount_mismatch"),
        (
            {
                "lines": [
                    OrderLineData(title="白色 M", unit_price=Decimal("30.00"), quantity=1, merchant_code="TEE-WHT-M")
                ]
            },
            "price_below_floor",
        ),
        (
            {"lines": [OrderLineData(title="赠品", unit_price=Decimal("99.00"), quantity=1, merchant_code="GIFT")]},
            "unmatched_sku",
        ),
    ],
)
def test_review_rules_hold_a_paid_order_with_their_reason(make_order, changes, code):
    # given / when: the order arrives paid
    order = make_order(status="paid", **changes)
    # then
    assert order.status == "under_review"
    assert [reason["code"] for reason in order.review_reasons] == [code]


def test_the_amount_threshold_is_per_store(make_order, store):
    # given: this store reviews every order over 100.00
    OrderSettings.objects.create(
        store=store, unpaid_timeout_minutes=30, review_amount_threshold=Decimal("100.00"), ship_sla_hours=24
    )
    # when
    order = make_order(status="paid")
    # then
    assert order.review_reasons == [{"code": "amount_over_threshold", "detail": "208.00 > 100.00"}]


def test_a_clerk_approves_a_held_order(make_order, make_staff, audit_rows):
    # given
    order = make_order(status="paid", buyer_message="要发票")
    clerk = make_staff("order_clerk")
    before = len(audit_rows())
    # when
    order = order_review_approve(by=clerk, order=order, reason="发票已开")
    # then
    assert (order.status, order.review_reasons) == ("awaiting_shipment", [])
    (row,) = audit_rows()[before:]
    assert (row.action, row.reason, row.after["status_path"]) == (
        "orders.order.approve",
        "发票已开",
        ["under_review", "awaiting_shipment"],
    )


def test_approving_an_order_still_out_of_stock_changes_nothing(make_order, make_staff, audit_rows):
    # given
    lines = [OrderLineData(title="黑色 L", unit_price=Decimal("99.00"), quantity=4, merchant_code="TEE-BLK-L")]
    order = make_order(status="paid", lines=lines)
    before = len(audit_rows())
    # when / then
    with pytest.raises(ConflictError, match="Still not enough stock"):
        order_review_approve(by=make_staff("order_clerk"), order=order)
    order.refresh_from_db()
    assert (order.status, order.out_of_stock, len(audit_rows())) == ("under_review", True, before)


def test_an_agent_may_not_approve(make_order, make_staff, audit_rows):
    # given
    order = make_order(status="paid", buyer_message="加急")
    before = len(audit_rows())
    # when / then
    with pytest.raises(PermissionDeniedError):
        order_review_approve(by=make_staff("cs_agent"), order=order)
    order.refresh_from_db()
    assert (order.status, len(audit_rows())) == ("under_review", before)


def test_a_clerk_of_another_store_does_not_find_the_order(make_order, make_staff, other_store, audit_rows):
    # given
    order = make_order(status="paid", buyer_message="加急")
    stranger = make_staff("order_clerk", stores=[other_store])
    before = len(audit_rows())
    # when / then
    with pytest.raises(NotFoundError):
        order_review_approve(by=stranger, order=order)
    assert len(audit_rows()) == before


def test_holding_keeps_the_order_in_review_with_the_remark(make_order, make_staff):
    # given
    order = make_order(status="paid", buyer_message="改地址")
    # when
    order = order_review_hold(by=make_staff("order_clerk"), order=order, reason="等买家回复新地址")
    # then
    assert order.status == "under_review"
    assert order.review_reasons[-1] == {"code": "manual", "detail": "等买家回复新地址"}


def test_hold_needs_a_remark(make_order, make_staff):
    order = make_order(status="paid", buyer_message="改地址")
    with pytest.raises(ValidationFailed):
        order_review_hold(by=make_staff("order_clerk"), order=order, reason=" ")


def test_cancelling_a_paid_order_releases_its_units_and_refunds_in_full(make_order, goods, make_staff, audit_rows):
    # given
    order = make_order(status="paid")
    before = len(audit_rows())
    # when
    order = order_cancel(by=make_staff("cs_agent"), order=order, reason="买家拍错了")
    # then
    goods.white_stock.refresh_from_db()
    assert (order.status, order.refunded_amount, order.close_reason) == ("closed", Decimal("208.00"), "买家拍错了")
    assert goods.white_stock.reserved == 0
    assert list(order.lines.values_list("reserved", flat=True)) == [False]
    (row,) = audit_rows()[before:]
    assert row.after == {
        "status": "closed",
        "status_path": ["awaiting_shipment", "closed"],
        "refunded_amount": "208.00",
    }


def test_unpaid_orders_close_after_their_store_timeout(make_order, store, other_store, audit_rows):
    # given: the store closes after 30 minutes; the other store keeps the 72-hour default
    OrderSettings.objects.create(
        store=store, unpaid_timeout_minutes=30, review_amount_threshold=Decimal("2000.00"), ship_sla_hours=48
    )
    now = timezone.now()
    late = make_order("T1", created_at=now - dt.timedelta(minutes=31))
    recent = make_order("T2", created_at=now - dt.timedelta(minutes=29))
    elsewhere = make_order("T3", store=other_store, created_at=now - dt.timedelta(hours=71))
    before = len(audit_rows())
    # when
    closed = order_close_unpaid_expired(now=now)
    # then
    assert closed == 1
    assert [o.status for o in (late, recent, elsewhere) if o.refresh_from_db() is None] == [
        "closed",
        "pending_payment",
        "pending_payment",
    ]
    (row,) = audit_rows()[before:]
    assert (row.action, row.actor_name, row.object_id) == ("orders.order.close_unpaid", "system", str(late.pk))


def test_shipping_deducts_the_reserved_units_then_delivery_and_completion(make_order, goods, make_staff, audit_rows):
    # given
    order = make_order(status="paid")
    clerk = make_staff("order_clerk")
    before = len(audit_rows())
    # when
    shipment = order_ship(by=clerk, order=order, carrier="sf", tracking_no="SF 1234567890123")
    order_deliver(by=None, order=order)
    order = order_complete(by=None, order=order)
    # then
    goods.white_stock.refresh_from_db()
    assert (shipment.carrier, shipment.tracking_no) == ("SF", "SF1234567890123")
    assert (goods.white_stock.on_hand, goods.white_stock.reserved) == (8, 0)
    assert order.status == "completed"
    assert [r.action for r in audit_rows()[before:]] == [
        "orders.order.ship",
        "orders.order.deliver",
        "orders.order.complete",
    ]


@pytest.mark.parametrize(
    ("carrier", "number", "valid"),
    [
        ("SF", "SF1311234567890", True),
        ("SF", "YT6123456789012", False),
        ("ZTO", "78123456789012", True),
        ("ZTO", "78123", False),
        ("YTO", "YT6123456789012", True),
        ("STO", "773012345678901", True),
        ("YUNDA", "4312345678901", True),
        ("JD", "JDVA01234567890", True),
        ("EMS", "EA123456789CN", True),
        ("EMS", "EA123456789US", False),
        ("DEPPON", "DPK123456", True),
        ("DEPPON", "短", False),
    ],
)
def test_tracking_numbers_are_checked_per_carrier(make_order, make_staff, carrier, number, valid):
    order = make_order(status="paid")
    clerk = make_staff("order_clerk")
    if valid:
        assert order_ship(by=clerk, order=order, carrier=carrier, tracking_no=number).tracking_no == number
    else:
        with pytest.raises(ValidationFailed):
            order_ship(by=clerk, order=order, carrier=carrier, tracking_no=number)


def test_shipping_twice_is_refused(make_order, make_staff, audit_rows):
    # given
    order = make_order(status="paid")
    clerk = make_staff("order_clerk")
    order_ship(by=clerk, order=order, carrier="ZTO", tracking_no="78123456789012")
    before = len(audit_rows())
    # when / then
    with pytest.raises(ConflictError, match="cannot go from “Shipped” to “Shipped”"):
        order_ship(by=clerk, order=order, carrier="ZTO", tracking_no="78123456789013")
    assert (order.shipments.count(), len(audit_rows())) == (1, before)


def test_a_held_order_cannot_ship(make_order, make_staff):
    order = make_order(status="paid", buyer_message="加急")
    with pytest.raises(ConflictError, match="“Under review” to “Shipped”"):
        order_ship(by=make_staff("order_clerk"), order=order, carrier="ZTO", tracking_no="78123456789012")
