"""Every batch bar of the order desk in Chromium, the way a clerk uses it: tick the rows first, then
choose in the bar's selects, fill its fields and press its button; the result is checked exactly.

A bar whose select springs back to its first option when chosen (the list reloading behind it)
would ship under the wrong carrier, set the wrong flag or resolve the wrong anomaly: each test
chooses an option other than the first, so that fault fails it.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from zhanggui.core.models import AuditEvent
from zhanggui.orders import services
from zhanggui.orders.constants import ADDRESS_CHANGED_AFTER_PAYMENT
from zhanggui.orders.models import BlacklistEntry, Order, Shipment
from zhanggui.testing.browser import assert_still_chosen, press, tick

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_batch_approve_approves_only_the_ticked_orders(page, login, make_order, make_staff):
    # given three orders held for review (the buyer asks for express delivery) and an order clerk
    numbers = ["TB-APPROVE-1", "TB-APPROVE-2", "TB-APPROVE-3"]
    for number in numbers:
        make_order(number, status="paid", buyer_message="麻烦加急发货")
    make_staff("order_clerk", username="xiaozhou")
    login("xiaozhou")
    page.goto(reverse("orders:order_list"))

    # when the clerk ticks two of them, writes a remark and presses 审核通过
    tick(page, *numbers[:2])
    page.fill("[name='approve-reason']", "已电话确认")
    press(page, "approve")
    page.wait_for_selector(f"#batch-form tr:has-text('{numbers[0]}') >> text=待发货")

    # then exactly those two await shipment, and each approval carries the remark
    statuses = dict(Order.objects.values_list("platform_order_id", "status"))
    assert statuses == {numbers[0]: "awaiting_shipment", numbers[1]: "awaiting_shipment", numbers[2]: "under_review"}
    approvals = AuditEvent.objects.filter(action="orders.order.approve")
    assert sorted(event.reason for event in approvals) == ["已电话确认", "已电话确认"]


def test_batch_memo_sets_the_chosen_flag_and_memo(page, login, make_order, make_staff):
    # given three paid orders and an order clerk
    numbers = ["TB-MEMO-1", "TB-MEMO-2", "TB-MEMO-3"]
    for number in numbers:
        make_order(number, status="paid")
    make_staff("order_clerk", username="xiaozhou")
    login("xiaozhou")
    page.goto(reverse("orders:order_list"))

    # when the clerk ticks two, chooses the purple flag, then writes the memo
    tick(page, numbers[0], numbers[2])
    page.select_option("[name='memo-flag']", "purple")
    assert_still_chosen(page, [numbers[0], numbers[2]], {"memo-flag": "purple"})
    page.fill("[name='memo-memo']", "赠品：袜子一双")
    press(page, "memo")
    page.wait_for_selector("#messages .alert-success")

    # then those two carry the purple flag and the memo, the third is untouched
    memos = {o.platform_order_id: (o.memo_flag, o.seller_memo) for o in Order.objects.all()}
    assert memos == {
        numbers[0]: ("purple", "赠品：袜子一双"),
        numbers[1]: ("none", ""),
        numbers[2]: ("purple", "赠品：袜子一双"),
    }


def test_batch_ship_uses_the_chosen_carrier_and_the_numbers_in_row_order(page, login, make_order, make_staff):
    # given three orders of three buyers awaiting shipment (the list shows the newest first)
    numbers = ["TB-SHIP-1", "TB-SHIP-2", "TB-SHIP-3"]
    for i, number in enumerate(numbers):
        phone = f"1380000111{i}"
        make_order(number, status="paid", buyer_nickname=f"tb_买家{i}", receiver_phone=phone, buyer_phone=phone)
    make_staff("order_clerk", username="xiaozhou")
    login("xiaozhou")
    page.goto(reverse("orders:order_list"))
    rows = page.locator("#batch-form tbody tr").all_inner_texts()
    shown = [number for row in rows for number in numbers if number in row]

    # when the clerk ticks the first two rows, chooses 中通 and scans two waybills
    tick(page, *shown[:2])
    page.select_option("[name='ship-carrier']", "ZTO")
    assert_still_chosen(page, shown[:2], {"ship-carrier": "ZTO"})
    page.fill("[name='ship-tracking_numbers']", "781234567890\n781234567891")
    message = press(page, "ship")

    # then each of the two was shipped with 中通 and the number of its row; the third still waits
    assert message == "2 个订单中已发货 2 个。"
    shipped = Shipment.objects.select_related("order")
    shipments = {s.order.platform_order_id: (s.carrier, s.tracking_no) for s in shipped}
    assert shipments == {shown[0]: ("ZTO", "781234567890"), shown[1]: ("ZTO", "781234567891")}
    assert Order.objects.get(platform_order_id=shown[2]).status == "awaiting_shipment"


def test_batch_resolve_clears_the_chosen_anomaly_only(page, login, make_order, make_staff):
    # given two paid orders whose address and price were both changed by hand after payment
    clerk = make_staff("order_clerk", username="xiaozhou")
    manager = make_staff("manager")
    numbers = ["TB-ANOM-1", "TB-ANOM-2"]
    for number in numbers:
        order = make_order(number, status="paid")
        services.order_address_change(
            by=clerk,
            order=order,
            receiver_name="李四",
            receiver_phone="13911112222",
            province="浙江省",
            city="宁波市",
            district="鄞州区",
            address_detail="天童南路 8 号",
            reason="买家改地址",
        )
        services.order_price_adjust(by=manager, order=order, amount=Decimal("5.00"), reason="补偿运费")
    login("xiaozhou")
    page.goto(reverse("orders:anomaly_list"))

    # when the clerk ticks both and chooses the second anomaly, 改价, with a remark
    tick(page, *numbers)
    page.select_option("[name='resolve-code']", "manual_price_change")
    assert_still_chosen(page, numbers, {"resolve-code": "manual_price_change"})
    page.fill("[name='resolve-remark']", "已核对改价")
    press(page, "resolve")
    page.wait_for_selector("#messages .alert-success")

    # then only the price anomaly is gone from both orders; the address one waits for its own check
    anomalies = dict(Order.objects.values_list("platform_order_id", "anomalies"))
    assert anomalies == {numbers[0]: [ADDRESS_CHANGED_AFTER_PAYMENT], numbers[1]: [ADDRESS_CHANGED_AFTER_PAYMENT]}


def test_batch_remove_takes_only_the_ticked_buyers_off_the_blacklist(page, login, store, make_staff):
    # given three blacklisted buyers and an order clerk
    clerk = make_staff("order_clerk", username="xiaozhou")
    for nickname in ("恶意差评师", "职业打假人", "tb_老客户"):
        services.blacklist_entry_add(by=clerk, store=store, nickname=nickname, reason="多次恶意退款")
    login("xiaozhou")
    page.goto(reverse("orders:blacklist_list"))

    # when the clerk ticks one and removes it with a reason
    tick(page, "tb_老客户")
    page.fill("[name='remove-reason']", "误拉黑，已核实")
    press(page, "remove")
    page.wait_for_selector("#batch-form tr:has-text('tb_老客户')", state="detached")

    # then that buyer is off the list, with the reason on record, and the other two remain
    assert sorted(BlacklistEntry.objects.values_list("nickname", flat=True)) == ["恶意差评师", "职业打假人"]
    assert AuditEvent.objects.get(action="orders.blacklist.remove").reason == "误拉黑，已核实"
