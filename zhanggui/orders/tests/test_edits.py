"""Edits before shipment: each with a remark, audited before/after, refused once shipped."""

from __future__ import annotations

from decimal import Decimal

import pytest

from zhanggui.core.exceptions import ConflictError, PermissionDeniedError, ValidationFailed
from zhanggui.orders.services import (
    order_address_change,
    order_line_sku_change,
    order_memo_set,
    order_price_adjust,
    order_ship,
    order_shipping_fee_change,
)

pytestmark = pytest.mark.django_db

NEW_ADDRESS = {
    "receiver_name": "李四",
    "receiver_phone": "13900002222",
    "province": "上海市",
    "city": "上海市",
    "district": "浦东新区",
    "address_detail": "世纪大道 1 号",
}


def test_address_change_is_audited_masked(make_order, make_staff, audit_rows):
    # given
    order = make_order(status="paid")
    before = len(audit_rows())
    # when
    order = order_address_change(by=make_staff("cs_agent"), order=order, reason="买家要求改地址", **NEW_ADDRESS)
    # then
    assert (order.city, order.address_detail) == ("上海市", "世纪大道 1 号")
    (row,) = audit_rows()[before:]
    assert row.reason == "买家要求改地址"
    assert row.after["receiver_phone"] == "139****2222"
    assert row.before["city"] == "杭州市"


def test_edits_after_shipment_are_refused(make_order, make_staff, audit_rows):
    # given
    order = make_order(status="paid")
    clerk = make_staff("order_clerk")
    order_ship(by=clerk, order=order, carrier="ZTO", tracking_no="78123456789012")
    before = len(audit_rows())
    # when / then
    with pytest.raises(ConflictError, match="already “Shipped”; it can no longer be edited"):
        order_address_change(by=clerk, order=order, reason="改地址", **NEW_ADDRESS)
    with pytest.raises(ConflictError):
        order_memo_set(by=clerk, order=order, memo="加急", flag="red")
    order.refresh_from_db()
    assert (order.city, order.seller_memo, len(audit_rows())) == ("杭州市", "", before)


def test_shipping_fee_lowered_on_a_paid_order_refunds_the_difference(make_order, make_staff):
    order = make_order(status="paid")
    order = order_shipping_fee_change(
        by=make_staff("order_clerk"), order=order, shipping_fee=Decimal("0.00"), reason="包邮"
    )
    assert (order.shipping_fee, order.refunded_amount) == (Decimal("0.00"), Decimal("10.00"))


def test_price_adjustment_within_the_role_limit(make_order, make_staff, audit_rows):
    # given: clerks may adjust by up to 50.00
    order = make_order()
    clerk = make_staff("order_clerk")
    before = len(audit_rows())
    # when
    with pytest.raises(ValidationFailed, match=r"at most 50\.00"):
        order_price_adjust(by=clerk, order=order, amount=Decimal("50.01"), reason="老客户")
    order = order_price_adjust(by=clerk, order=order, amount=Decimal("20.00"), reason="老客户")
    # then
    assert order.seller_discount == Decimal("20.00")
    (row,) = audit_rows()[before:]
    assert row.after == {"seller_discount": "20.00", "anomalies": ["manual_price_change"], "adjustment": "20.00"}


def test_agents_may_not_adjust_prices(make_order, make_staff, audit_rows):
    order = make_order()
    before = len(audit_rows())
    with pytest.raises(PermissionDeniedError):
        order_price_adjust(by=make_staff("cs_agent"), order=order, amount=Decimal("5.00"), reason="老客户")
    order.refresh_from_db()
    assert (order.seller_discount, len(audit_rows())) == (Decimal("0.00"), before)


def test_sku_change_moves_the_reservation(make_order, goods, make_staff):
    # given: 2 white reserved
    order = make_order(status="paid")
    line = order.lines.get()
    # when
    order_line_sku_change(by=make_staff("cs_agent"), order=order, line=line, sku=goods.black, reason="换颜色")
    # then
    goods.white_stock.refresh_from_db()
    goods.black_stock.refresh_from_db()
    line.refresh_from_db()
    assert (line.sku, line.merchant_code, line.reserved) == (goods.black, "TEE-BLK-L", True)
    assert (goods.white_stock.reserved, goods.black_stock.reserved) == (0, 2)


def test_sku_change_to_a_sku_out_of_stock_changes_nothing(make_order, goods, make_staff, audit_rows):
    # given: 2 white reserved; black has 3, of which 2 are taken by another order
    order = make_order(status="paid")
    make_order("T2", status="paid", lines=[_black(2)])
    line = order.lines.get()
    before = len(audit_rows())
    # when / then
    with pytest.raises(ConflictError, match="TEE-BLK-L has too few units"):
        order_line_sku_change(by=make_staff("cs_agent"), order=order, line=line, sku=goods.black, reason="换颜色")
    goods.white_stock.refresh_from_db()
    line.refresh_from_db()
    assert (line.sku, goods.white_stock.reserved, len(audit_rows())) == (goods.white, 2, before)


def test_memo_and_flag(make_order, make_staff, audit_rows):
    order = make_order()
    order = order_memo_set(by=make_staff("cs_agent"), order=order, memo="送小礼品", flag="red")
    assert (order.seller_memo, order.memo_flag) == ("送小礼品", "red")
    assert audit_rows()[-1].after == {"seller_memo": "送小礼品", "memo_flag": "red"}


def _black(quantity: int):  # type: ignore[no-untyped-def]
    from zhanggui.orders.services import OrderLineData

    return OrderLineData(title="黑色 L", unit_price=Decimal("99.00"), quantity=quantity, merchant_code="TEE-BLK-L")
