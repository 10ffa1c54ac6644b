"""Browser journey of the order clerk: review queue → approve → change address → ship → timeline."""

from __future__ import annotations

import pytest
from django.urls import reverse

from zhanggui.core.models import AuditEvent
from zhanggui.orders.models import Order

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TRACKING_NO = "SF1234567890123"  # 顺丰: SF + 13 digits


def test_order_clerk_approves_edits_and_ships_a_held_order_and_sees_each_step(page, login, make_order, make_staff):
    # given an order held for review because the buyer asks for express delivery, and an order clerk
    order = make_order("TB20261126001", status="paid", buyer_message="麻烦加急发货")
    assert order.status == "under_review"
    make_staff("order_clerk", username="xiaozhou")

    # when the clerk signs in, reads the console in English and opens the review queue
    login("xiaozhou")
    page.locator("#language-switch button[value=en]").click()
    page.wait_for_load_state("load")
    page.goto(reverse("orders:review_queue"))
    row = page.locator("tr[data-order=TB20261126001]")
    assert "Buyer message needs attention" in row.inner_text()

    # and approves the order in the queue
    row.locator("button.review-approve").click()
    page.wait_for_selector("tr[data-order=TB20261126001]", state="detached")
    assert page.get_by_text("Order TB20261126001 approved for shipment.").count() == 1

    # and opens the order and changes its address with a remark
    page.goto(reverse("orders:order_detail", args=[order.pk]))
    page.click("#order-address-edit")
    page.fill("input[name=receiver_name]", "李四")
    page.fill("input[name=receiver_phone]", "13911112222")
    page.fill("input[name=province]", "浙江省")
    page.fill("input[name=city]", "宁波市")
    page.fill("input[name=district]", "鄞州区")
    page.fill("input[name=address_detail]", "天童南路 8 号")
    page.fill("input[name=reason]", "买家旺旺留言改地址")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url("**" + reverse("orders:order_detail", args=[order.pk]))
    assert page.locator("#order-region").inner_text().split() == ["浙江省", "宁波市", "鄞州区"]

    # and ships it with an SF tracking number
    page.select_option("select[name=ship-carrier]", "SF")
    page.fill("input[name=ship-tracking_no]", TRACKING_NO)
    page.click("#order-ship")
    page.wait_for_selector("#order-shipments")

    # then the order page shows it shipped, and every step is on its timeline, oldest first
    assert page.locator("#order-status").inner_text() == "Shipped"
    assert page.locator("#order-shipments").inner_text().count(TRACKING_NO) == 1
    assert page.locator("#timeline .timeline-label").all_inner_texts() == [
        "Order received",
        "Approved",
        "Address changed",
        f"Shipped SF Express {TRACKING_NO}",
    ]
    assert "买家旺旺留言改地址" in page.locator("#timeline .timeline-entry").nth(2).inner_text()
    order.refresh_from_db()
    assert (order.status, order.city, order.shipments.get().tracking_no) == ("shipped", "宁波市", TRACKING_NO)
    assert list(
        AuditEvent.objects.filter(object_type="orders.order", object_id=str(order.pk), actor__username="xiaozhou")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == ["orders.order.approve", "orders.order.address_change", "orders.order.ship"]
    assert Order.objects.get(pk=order.pk).anomalies == ["address_changed_after_payment"]
