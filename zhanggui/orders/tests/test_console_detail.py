"""The order page, its actions and edits, and the review queue, through the console."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from zhanggui.core.models import AuditEvent
from zhanggui.orders.constants import ADDRESS_CHANGED_AFTER_PAYMENT
from zhanggui.orders.models import Order
from zhanggui.orders.services import order_ship
from zhanggui.testing.factories import anomalies_set

pytestmark = pytest.mark.django_db

ADDRESS = {
    "receiver_name": "李四",
    "receiver_phone": "13911112222",
    "province": "浙江省",
    "city": "宁波市",
    "district": "鄞州区",
    "address_detail": "天童南路 8 号",
}


@pytest.fixture
def console(clerk, english_client_for):  # type: ignore[no-untyped-def]
    """The order clerk's console client, in English."""
    return english_client_for(clerk)


@pytest.fixture
def held(make_order):  # type: ignore[no-untyped-def]
    """An order held for review because the buyer asks for express shipping."""
    return make_order("H1", status="paid", buyer_message="请加急")


def messages_of(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(message) for message in response.context["messages"]]


def timeline_labels(console, order) -> list[str]:  # type: ignore[no-untyped-def]
    return [entry.label for entry in console.get(reverse("orders:order_detail", args=[order.pk])).context["timeline"]]


def test_order_page_shows_lines_reasons_masked_buyer_and_the_allowed_actions(held, console):
    # when the clerk opens a held order
    response = console.get(reverse("orders:order_detail", args=[held.pk]))
    html = response.content.decode()
    # then the line with its SKU, the reason, the masked receiver and the review actions are there
    assert response.status_code == 200
    assert "TEE-WHT-M" in html
    assert [reason["label"] for reason in response.context["reasons"]] == ["Buyer message needs attention"]
    assert "138****1111" in html and "13800001111" not in html
    assert "王**" in html and "王小二" not in html
    assert 'id="order-approve"' in html and 'id="order-hold"' in html and 'id="order-cancel"' in html
    assert 'id="order-ship"' not in html
    assert timeline_labels(console, held) == ["Order received"]


def test_approve_then_ship_from_the_order_page(held, console):
    # when the clerk approves the held order and ships it with an SF number
    approve = console.post(reverse("orders:order_approve", args=[held.pk]), {"approve-reason": "已和买家确认"})
    ship = console.post(
        reverse("orders:order_ship", args=[held.pk]), {"ship-carrier": "SF", "ship-tracking_no": "sf 1234567890123"}
    )
    # then both go back to the order page, which now shows the shipment on its timeline
    detail = reverse("orders:order_detail", args=[held.pk])
    assert (approve.status_code, approve["Location"], ship.status_code, ship["Location"]) == (302, detail, 302, detail)
    held.refresh_from_db()
    assert held.status == "shipped"
    assert timeline_labels(console, held) == ["Order received", "Approved", "Shipped SF Express SF1234567890123"]


def test_a_wrong_tracking_number_is_shown_on_the_ship_field(make_order, console):
    # given an order ready to ship
    order = make_order("R1", status="paid")
    # when the clerk types a number that is no SF waybill
    response = console.post(
        reverse("orders:order_ship", args=[order.pk]), {"ship-carrier": "SF", "ship-tracking_no": "12345"}
    )
    # then the page comes back with the error on the field, and nothing shipped
    assert response.status_code == 422
    assert response.context["forms"]["ship"].errors == {"tracking_no": ["12345 is not a SF Express tracking number."]}
    order.refresh_from_db()
    assert order.status == "awaiting_shipment"


def test_hold_needs_a_reason(held, console, audit_rows):
    # given the audit rows so far
    before = len(audit_rows())
    # when the clerk keeps the order held without saying why
    response = console.post(reverse("orders:order_hold", args=[held.pk]), {"hold-reason": ""})
    # then the reason field says so and nothing is written
    assert response.status_code == 422
    assert response.context["forms"]["hold"].errors == {"reason": ["This field is required."]}
    assert len(audit_rows()) == before


def test_address_change_with_a_remark_is_on_the_timeline_and_in_the_audit_log(held, console, clerk):
    # when the clerk changes the address with a remark
    response = console.post(
        reverse("orders:order_address_edit", args=[held.pk]), {**ADDRESS, "reason": "买家旺旺留言改地址"}
    )
    # then the order has the new address, the audit row the remark, and the timeline both
    assert response.status_code == 302
    held.refresh_from_db()
    assert (held.city, held.address_detail, held.receiver_phone) == ("宁波市", "天童南路 8 号", "13911112222")
    event = AuditEvent.objects.get(action="orders.order.address_change")
    assert (event.actor, event.reason) == (clerk, "买家旺旺留言改地址")
    entry = console.get(reverse("orders:order_detail", args=[held.pk])).context["timeline"][-1]
    assert entry.label == "Address changed"
    assert entry.detail.startswith("买家旺旺留言改地址")
    assert "13911112222" not in entry.detail


def test_address_change_without_a_remark_is_refused_on_the_field(held, console, audit_rows):
    # given the audit rows so far
    before = len(audit_rows())
    # when the remark is left out
    response = console.post(reverse("orders:order_address_edit", args=[held.pk]), {**ADDRESS, "reason": " "})
    # then the form says so and nothing changed
    assert response.status_code == 422
    assert response.context["form"].errors == {"reason": ["This field is required."]}
    held.refresh_from_db()
    assert held.city == "杭州市"
    assert len(audit_rows()) == before


def test_a_phone_the_service_refuses_is_shown_on_the_phone_field(held, console):
    # when the clerk types letters as the phone
    response = console.post(
        reverse("orders:order_address_edit", args=[held.pk]), {**ADDRESS, "receiver_phone": "abc", "reason": "改地址"}
    )
    # then the service's message stands on the field
    assert response.status_code == 422
    assert response.context["form"].errors == {"receiver_phone": ["Enter a phone number."]}


def test_after_shipment_edits_are_not_offered_and_a_post_is_refused(make_order, console, clerk, audit_rows):
    # given a shipped order
    order = make_order("S1", status="paid")
    order_ship(by=clerk, order=order, carrier="SF", tracking_no="SF1234567890123")
    before = len(audit_rows())
    # when the clerk opens its page, the address page, and posts a new address anyway
    page = console.get(reverse("orders:order_detail", args=[order.pk])).content.decode()
    edit_page = console.get(reverse("orders:order_address_edit", args=[order.pk]), follow=True)
    post = console.post(reverse("orders:order_address_edit", args=[order.pk]), {**ADDRESS, "reason": "买家要求"})
    # then no edit is offered, the page sends them back, and the post is refused with nothing changed
    assert 'id="order-address-edit"' not in page and "Change SKU" not in page
    refusal = "Order S1 is already “Shipped”; it can no longer be edited."
    assert messages_of(edit_page) == [refusal]
    assert post.status_code == 422
    assert messages_of(post) == [refusal]
    order.refresh_from_db()
    assert (order.city, order.receiver_phone) == ("杭州市", "13800001111")
    assert len(audit_rows()) == before


def test_shipping_fee_price_memo_and_sku_edits(held, console, goods):
    # when the clerk waives shipping, gives a discount, flags the order and swaps the SKU
    line = held.lines.get()
    responses = [
        console.post(
            reverse("orders:order_shipping_fee_edit", args=[held.pk]), {"shipping_fee": "0", "reason": "包邮"}
        ),
        console.post(reverse("orders:order_price_adjust", args=[held.pk]), {"amount": "5.00", "reason": "老客优惠"}),
        console.post(
            reverse("orders:order_memo_edit", args=[held.pk]),
            {"seller_memo": "送小样", "memo_flag": "red", "reason": ""},
        ),
        console.post(
            reverse("orders:order_line_sku_edit", args=[held.pk, line.pk]), {"sku": goods.black.pk, "reason": "换黑色"}
        ),
    ]
    # then each is saved and on the timeline
    assert [r.status_code for r in responses] == [302, 302, 302, 302]
    held.refresh_from_db()
    line.refresh_from_db()
    assert (held.shipping_fee, held.seller_discount, held.refunded_amount) == (
        Decimal("0.00"),
        Decimal("5.00"),
        Decimal("15.00"),
    )
    assert (held.seller_memo, held.memo_flag, line.merchant_code) == ("送小样", "red", "TEE-BLK-L")
    assert timeline_labels(console, held)[-4:] == [
        "Shipping fee changed",
        "Price adjusted",
        "Seller memo changed",
        "SKU changed",
    ]


def test_the_sku_page_offers_only_skus_of_the_lines_product(held, console, goods):
    # given another product's SKU
    from zhanggui.testing.factories import SkuFactory

    other = SkuFactory(merchant_code="MUG-01")
    line = held.lines.get()
    # when the clerk opens the SKU page of the line
    form = console.get(reverse("orders:order_line_sku_edit", args=[held.pk, line.pk])).context["form"]
    # then both T-shirt SKUs are offered and the mug is not
    assert sorted(form.fields["sku"].queryset.values_list("merchant_code", flat=True)) == ["TEE-BLK-L", "TEE-WHT-M"]
    assert other.pk not in form.fields["sku"].queryset.values_list("pk", flat=True)


def test_an_anomaly_is_shown_and_resolved_with_a_remark(make_order, console, clerk):
    # given an order flagged because its address changed after payment
    order = make_order("A1", status="paid")
    anomalies_set(Order.objects.filter(pk=order.pk), [ADDRESS_CHANGED_AFTER_PAYMENT])
    page = console.get(reverse("orders:order_detail", args=[order.pk]))
    # when the clerk resolves it with a remark
    response = console.post(
        reverse("orders:order_anomaly_resolve", args=[order.pk]),
        {"resolve-code": ADDRESS_CHANGED_AFTER_PAYMENT, "resolve-remark": "已电话核实新地址"},
    )
    # then it was shown by its label and is gone, with the remark in the audit log
    assert [a["label"] for a in page.context["anomalies"]] == ["Address changed after payment"]
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.anomalies == []
    assert AuditEvent.objects.get(action="orders.order.anomaly_resolve").reason == "已电话核实新地址"


def buyer(n: int) -> dict[str, str]:
    """A buyer of their own, so orders are not merge candidates of each other."""
    return {"buyer_nickname": f"tb_{n}", "receiver_phone": f"1390000000{n}"}


def test_review_queue_lists_held_orders_oldest_payment_first_with_their_reasons(make_order, console):
    # given two held orders paid at different times and one that passed review
    now = timezone.now()
    make_order("NEW", status="paid", buyer_message="加急", paid_at=now - dt.timedelta(hours=1), **buyer(1))
    make_order("OLD", status="paid", buyer_message="发票", paid_at=now - dt.timedelta(hours=5), **buyer(2))
    make_order("OK", status="paid", **buyer(3))
    # when the clerk opens the queue
    response = console.get(reverse("orders:review_queue"))
    # then the held orders come oldest first, each with its reasons
    rows = [(order.platform_order_id, [r["label"] for r in reasons]) for order, reasons in response.context["rows"]]
    assert rows == [("OLD", ["Buyer message needs attention"]), ("NEW", ["Buyer message needs attention"])]


def test_approving_from_the_queue_goes_back_to_the_queue(held, console):
    # when the clerk approves from the queue
    queue = reverse("orders:review_queue")
    response = console.post(reverse("orders:order_approve", args=[held.pk]), {"next": queue}, follow=True)
    # then the queue is shown again, now empty, with the confirmation
    assert response.redirect_chain == [(queue, 302)]
    assert list(response.context["rows"]) == []
    assert messages_of(response) == ["Order H1 approved for shipment."]


def test_a_refused_action_from_the_queue_comes_back_as_a_message(held, console):
    # when the clerk tries to cancel from the queue without a reason
    queue = reverse("orders:review_queue")
    response = console.post(reverse("orders:order_cancel", args=[held.pk]), {"next": queue}, follow=True)
    # then the queue says why and the order is still held
    assert messages_of(response) == ["H1: This field is required."]
    held.refresh_from_db()
    assert held.status == "under_review"


def test_an_outside_next_url_is_ignored(held, console):
    # when the form's next points to another site
    response = console.post(reverse("orders:order_approve", args=[held.pk]), {"next": "https://evil.example/"})
    # then the clerk lands on the order page
    assert response["Location"] == reverse("orders:order_detail", args=[held.pk])


def test_the_receiver_phone_is_revealed_with_a_reason_and_audited(held, console, clerk):
    # given the masked phone on the order page, with its reveal control
    page = console.get(reverse("orders:order_detail", args=[held.pk])).content.decode()
    reveal = reverse("core:reveal", args=["orders.order", held.pk, "receiver_phone"])
    assert f'hx-get="{reveal}"' in page
    # when the clerk reveals it, saying why
    response = console.post(reveal, {"reason": "联系买家确认地址"})
    # then the number is shown and the reveal is on the order's audit trail
    assert "13800001111" in response.content.decode()
    event = AuditEvent.objects.get(action="pii.reveal")
    assert (event.actor, event.object_id, event.reason) == (clerk, str(held.pk), "联系买家确认地址")


def test_an_unmatched_line_is_matched_to_a_sku_the_store_sells_then_approved(make_order, console, goods):
    # given an order held because its merchant code matches no SKU
    from zhanggui.orders.services import OrderLineData

    line_data = OrderLineData(title="纯棉T恤 黑色 L", unit_price=Decimal("99.00"), quantity=1, merchant_code="OLD-CODE")
    order = make_order("U1", status="paid", lines=[line_data], shipping_fee=Decimal("0.00"))
    line = order.lines.get()
    url = reverse("orders:order_line_sku_edit", args=[order.pk, line.pk])
    # when the clerk opens the line's SKU page, matches it to TEE-BLK-L, and approves
    offered = console.get(url).context["form"].fields["sku"].queryset
    matched = console.post(url, {"sku": goods.black.pk, "reason": "旧编码对应黑色 L"})
    approved = console.post(reverse("orders:order_approve", args=[order.pk]))
    # then the store's SKUs were offered, and the order is matched and released
    assert list(offered.values_list("merchant_code", flat=True)) == ["TEE-BLK-L", "TEE-WHT-M"]
    assert (matched.status_code, approved.status_code) == (302, 302)
    order.refresh_from_db()
    assert (order.lines.get().merchant_code, order.status) == ("TEE-BLK-L", "awaiting_shipment")
