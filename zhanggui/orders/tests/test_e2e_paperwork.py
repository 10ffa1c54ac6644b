"""Browser journey of print and ship (打印并发货): the batch bar posts the ticked orders for the labels
PDF itself (htmx must not swap the file into the table) and the order leaves with a pool number."""

from __future__ import annotations

import pytest
from django.urls import reverse

from zhanggui.orders.models import Order, TrackingNumber
from zhanggui.orders.services import tracking_pool_add

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NUMBERS = ["781000000000001", "781000000000002"]


def test_clerk_prints_and_ships_a_ticked_order_with_the_next_pool_number(page, login, make_order, make_staff):
    # given two orders awaiting shipment, ZTO numbers in the pool, and a clerk reading English
    first = make_order("T-PRINT-1", status="paid")
    make_order("T-PRINT-2", status="paid", buyer_nickname="tb_other", receiver_phone="13900002222")
    clerk = make_staff("order_clerk", username="xiaozhou")
    tracking_pool_add(by=clerk, carrier="ZTO", numbers=NUMBERS)
    login("xiaozhou")
    page.locator("#language-switch button[value=en]").click()
    page.wait_for_load_state("load")
    page.goto(reverse("orders:order_list"))

    # when the clerk ticks the first order, chooses ZTO for the labels, presses Print and ship and confirms
    page.locator(f'input[name=ids][value="{first.pk}"]').check()
    page.select_option("select[name=print_ship-carrier]", "ZTO")
    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_response(lambda answer: answer.request.method == "POST") as labels:
        page.locator('button[value="print_ship"]').click()
    page.wait_for_url("**" + reverse("orders:paperwork_print"))

    # then the browser shows the labels PDF in its viewer (posted by the browser itself, not swapped by htmx)
    assert labels.value.url.endswith(reverse("orders:paperwork_print"))
    assert labels.value.headers["content-type"] == "application/pdf"
    # and back on the list the result waits, and only the ticked order shipped, with the first number
    page.goto(reverse("orders:order_list"))
    assert page.get_by_text("1 of 1 order(s) shipped.").count() == 1
    assert dict(Order.objects.values_list("platform_order_id", "status")) == {
        "T-PRINT-1": "shipped",
        "T-PRINT-2": "awaiting_shipment",
    }
    assert list(TrackingNumber.objects.filter(order__isnull=False).values_list("tracking_no", "order_id")) == [
        (NUMBERS[0], first.pk)
    ]
