"""The after-sales specialist's console in Chromium: each batch bar of the queue, and a return taken
from the request to the refund, the way the specialist works (in Chinese, the console's default).

Each batch test ticks the rows first, then chooses in the bar (an option other than the first
where there is a select) and presses; the results are checked exactly, the untouched rows too.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from zhanggui.aftersales.constants import DEFAULT_REASONS
from zhanggui.aftersales.models import Case, Reason, Refund
from zhanggui.aftersales.services import case_approve
from zhanggui.catalog.models import Stock
from zhanggui.orders.models import Order
from zhanggui.testing.browser import assert_still_chosen, press, tick

D = Decimal
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
QUEUE = reverse("aftersales:case_list")


@pytest.fixture(autouse=True)
def reasons(db):  # type: ignore[no-untyped-def]
    """The seeded reasons (a transactional test empties the tables the migration filled)."""
    for position, (code, name, responsibility) in enumerate(DEFAULT_REASONS):
        Reason.objects.get_or_create(
            code=code, defaults={"name": name, "responsibility": responsibility, "sort_order": position}
        )


@pytest.fixture
def desk(make_case, make_staff, login):  # type: ignore[no-untyped-def]
    """Three return requests on orders TB-1, TB-2, TB-3 and the specialist 小陈 signed in."""

    def make(*, agreed: bool = False) -> list[Case]:
        specialist = make_staff("aftersales", username="xiaochen", display_name="小陈")
        cases = [make_case(f"TB-{n}", by=specialist) for n in (1, 2, 3)]
        if agreed:
            for case in cases:
                case_approve(by=specialist, case=case)
        login("xiaochen")
        return cases

    return make


def test_batch_agree_agrees_only_the_ticked_requests(page, desk):
    # given three requests in the queue
    first, second, third = desk()
    page.goto(QUEUE)
    # when the specialist ticks two, writes a remark and presses 同意
    tick(page, first.number, third.number)
    page.fill("[name='approve-note']", "已核实")
    message = press(page, "approve")
    # then exactly those two wait for the goods, the second is still a request
    assert message == "2 个售后单中已同意 2 个。"
    statuses = dict(Case.objects.values_list("pk", "status"))
    assert statuses == {first.pk: "awaiting_return", second.pk: "requested", third.pk: "awaiting_return"}


def test_batch_refuse_uses_the_chosen_reason_and_the_details(page, desk):
    first, second, third = desk()
    page.goto(QUEUE)
    # when the specialist ticks two, chooses 退回商品与订单不符 (not the first reason) and adds a detail
    tick(page, first.number, second.number)
    page.select_option("[name='reject-refusal']", "mismatch")
    assert_still_chosen(page, [first.number, second.number], {"reject-refusal": "mismatch"})
    page.fill("[name='reject-detail']", "退回的是黑色 M")
    message = press(page, "reject")
    # then both are refused with that reason, the third is untouched
    assert message == "2 个售后单中已拒绝 2 个。"
    refused = {case.pk: (case.status, case.refusal_reason) for case in Case.objects.all()}
    assert refused == {
        first.pk: ("rejected", "退回商品与订单不符：退回的是黑色 M"),
        second.pk: ("rejected", "退回商品与订单不符：退回的是黑色 M"),
        third.pk: ("requested", ""),
    }


def test_batch_mark_received_receives_only_the_ticked_returns(page, desk):
    first, second, third = desk(agreed=True)
    page.goto(QUEUE)
    tick(page, second.number, third.number)
    message = press(page, "receive")
    assert message == "2 个售后单中已确认收货 2 个。"
    statuses = dict(Case.objects.values_list("pk", "status"))
    assert statuses == {first.pk: "awaiting_return", second.pk: "received", third.pk: "received"}


def test_specialist_takes_a_return_from_request_to_refund_and_restock(page, login, make_case, make_staff, goods):
    # given a return request for the 黑色 L line of order TB-9 (92.43 of its payment) and the specialist
    make_staff("aftersales", username="xiaochen", display_name="小陈")
    case = make_case("TB-9")
    before = Stock.objects.filter(sku=goods.black, warehouse=goods.returns).first()
    assert before is None
    login("xiaochen")

    # when the specialist opens the queue from the menu and the request from its row
    page.goto("/")
    page.get_by_role("link", name="售后工作台").click()
    page.locator("#batch-form tbody tr", has_text=case.number).get_by_role("link", name=case.number).click()
    assert page.locator("#case-status").inner_text() == "待处理"

    # and agrees, records the buyer's 中通 waybill, marks the parcel received and inspects it 合格
    page.click("#case-approve")
    page.wait_for_selector("#case-status:has-text('待买家退货')")
    page.select_option("[name='return_ship-carrier']", "ZTO")
    page.fill("[name='return_ship-tracking_no']", "75312345678902")
    page.click("#case-return_ship")
    page.wait_for_selector("#case-return-waybill:has-text('75312345678902')")
    page.click("#case-receive")
    page.wait_for_selector("#case-status:has-text('已收货')")
    page.check("input[name='inspect-result'][value=passed]")
    page.fill("[name='inspect-note']", "吊牌完好")
    page.click("#case-inspect")
    page.wait_for_selector("#case-status:has-text('已验货')")

    # and puts the unit back on the returns shelf (not the first warehouse offered) and refunds
    page.select_option("[name='restock-warehouse']", str(goods.returns.pk))
    page.click("#case-restock")
    page.wait_for_selector("#case-restock:has-text('杭州退货仓')")
    assert page.locator("[name='refund-amount']").input_value() == "92.43"
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#case-refund")
    page.wait_for_selector("#case-status:has-text('已退款')")

    # then the case is refunded once, the order shows it, and the unit is back in stock
    case.refresh_from_db()
    assert (case.status, case.refunded_amount, case.return_tracking_no) == ("refunded", D("92.43"), "75312345678902")
    assert list(Refund.objects.values_list("amount", flat=True)) == [D("92.43")]
    assert Order.objects.get(pk=case.order_id).refunded_amount == D("92.43")
    assert Stock.objects.get(sku=goods.black, warehouse=goods.returns).on_hand == 1
    page.click("#case-order")
    assert page.locator("#order-aftersales-refunded").inner_text() == "92.43"
    assert case.number in page.locator("#order-aftersales").inner_text()
    assert "已退款" in page.locator("#order-aftersales").inner_text()

    # and the stock list shows the unit on the returns warehouse's shelf
    page.goto(reverse("catalog:stock_list") + f"?q=TEE-BLK-L&warehouse={goods.returns.pk}")
    rows = page.locator("#list-table tbody tr")
    assert rows.count() == 1
    assert "TEE-BLK-L" in rows.first.inner_text() and "杭州退货仓" in rows.first.inner_text()
