"""Browser journeys through the home page: the clerk's review-queue figure, the manager's chart."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from zhanggui.orders.services import OrderLineData

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def held_orders(make_order, count):  # type: ignore[no-untyped-def]
    """``count`` paid orders held for review (the buyer asks to change the address), each its own buyer."""
    for n in range(count):
        number = f"TB2026112600{n}"
        line = OrderLineData(title="纯棉T恤 白色 M", unit_price=Decimal("99.00"), quantity=1, merchant_code="TEE-WHT-M")
        order = make_order(
            number,
            status="paid",
            buyer_nickname=f"tb_{n}",
            address_detail=f"文三路 {n} 号",
            buyer_message="请改地址",
            lines=[line],
        )
        assert order.status == "under_review"


def test_a_clerk_follows_the_review_queue_figure_to_the_queue(page, login, make_order, make_staff):
    # given three orders held for review in the clerk's store
    held_orders(make_order, 3)
    make_staff("order_clerk", username="xiaozhou")

    # when the clerk signs in, the home shows the queue first with its count
    login("xiaozhou")
    first_card = page.locator("#home-own [data-widget]").first
    assert first_card.get_attribute("data-widget") == "orders.review_queue"
    figure = page.locator("[data-figure=review_queue]")
    assert figure.locator("[data-value]").inner_text() == "3"

    # and clicking the figure opens the review queue listing that many orders
    figure.click()
    page.wait_for_url("**" + reverse("orders:review_queue"))
    assert page.locator("tr[data-order]").count() == 3


def test_the_manager_sees_todays_hourly_chart_drawn(page, login, make_order, make_staff):
    # given orders paid today and a manager
    held_orders(make_order, 2)
    make_staff("manager", username="sunwei")

    # when the manager signs in
    login("sunwei")

    # then today's sales come first and ECharts has drawn the hourly chart into its element
    assert page.locator("#home-own [data-widget]").first.get_attribute("data-widget") == "orders.sales_today"
    page.wait_for_selector("#sales-today-chart canvas")
    assert page.locator("#sales-today-chart canvas").count() >= 1
    assert page.locator("#sales-today-table tfoot td").nth(1).inner_text() == "2"
