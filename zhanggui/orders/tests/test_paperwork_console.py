"""Paperwork in the console: the print buttons of the batch bars, print and ship, the tracking-number pool page."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zhanggui.core.models import AuditEvent
from zhanggui.orders.models import Shipment, TrackingNumber
from zhanggui.orders.services import tracking_pool_add

from .pdfs import pdf_pages

pytestmark = pytest.mark.django_db

PRINT = "/orders/paperwork/print/"
POOL = "/orders/paperwork/tracking-pool/"
ZTO = ["781000000000001", "781000000000002"]


def texts(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_paths():
    assert (reverse("orders:paperwork_print"), reverse("orders:tracking_pool")) == (PRINT, POOL)


def test_order_list_and_review_queue_offer_the_print_buttons_to_who_ships(make_staff, english_client_for, goods):
    # given: a clerk (ships) and customer service (does not)
    clerk, agent = english_client_for(make_staff("order_clerk")), english_client_for(make_staff("cs_agent"))
    # when
    listing, queue, agent_listing = clerk.get("/orders/"), clerk.get("/orders/review-queue/"), agent.get("/orders/")
    # then: the list has all four, posting natively to the print view; the queue picking list and slips
    for name in ("picking_list", "packing_slips", "labels", "print_ship"):
        assert f'value="{name}" formaction="{PRINT}" data-download' in listing.content.decode()
        assert f'value="{name}"' not in agent_listing.content.decode()
    assert 'data-confirm="Ship the selected orders with the next numbers' in listing.content.decode()
    page = queue.content.decode()
    assert f'action="{PRINT}" id="review-print"' in page
    assert ('value="picking_list"' in page, 'value="packing_slips"' in page, 'value="labels"' in page) == (
        True,
        True,
        False,
    )


def test_print_buttons_answer_with_the_pdf(make_order, clerk, english_client_for, goods):
    # given
    order = make_order("T1", status="paid")
    client = english_client_for(clerk)
    # when
    slips = client.post(PRINT, {"_action": "packing_slips", "ids": [order.pk]})
    # then
    assert (slips.status_code, slips["Content-Type"]) == (200, "application/pdf")
    assert pdf_pages(slips.content)[0].splitlines()[1] == "Order number: T1"


def test_labels_of_an_unshipped_order_go_back_with_the_reason(make_order, clerk, english_client_for, goods):
    # given
    order = make_order("T1", status="paid")
    client = english_client_for(clerk)
    # when
    answer = client.post(PRINT, {"_action": "labels", "ids": [order.pk]}, HTTP_REFERER="http://testserver/orders/")
    # then
    assert (answer.status_code, answer["Location"]) == (302, "http://testserver/orders/")
    assert texts(answer) == ["These orders have no tracking number yet: T1. Use “Print and ship” to assign one."]
    assert not AuditEvent.objects.filter(action="pii.reveal").exists()


def test_print_and_ship_answers_with_the_labels(make_order, clerk, english_client_for, goods):
    # given: two numbers, one order awaiting shipment and one unpaid
    tracking_pool_add(by=clerk, carrier="ZTO", numbers=ZTO)
    ready = make_order("T1", status="paid")
    unpaid = make_order("T2", buyer_nickname="tb_b", receiver_phone="13900002222")
    client = english_client_for(clerk)
    # when
    answer = client.post(PRINT, {"_action": "print_ship", "print_ship-carrier": "ZTO", "ids": [ready.pk, unpaid.pk]})
    # then: the label of the shipped order; the result waits as messages for the list
    assert answer["Content-Type"] == "application/pdf"
    assert [page.splitlines()[:2] for page in pdf_pages(answer.content)] == [["ZTO Express", ZTO[0]]]
    assert texts(answer) == [
        "T2: Order T2 cannot go from “Awaiting payment” to “Shipped”.",
        "1 of 2 order(s) shipped.",
    ]
    assert list(Shipment.objects.values_list("order__platform_order_id", "tracking_no")) == [("T1", ZTO[0])]


def test_print_and_ship_never_names_another_stores_order(make_order, clerk, english_client_for, other_store):
    # given: a number in the pool, and an order of a store the clerk does not work for
    tracking_pool_add(by=clerk, carrier="ZTO", numbers=ZTO[:1])
    foreign = make_order("SECRET-1", status="paid", store=other_store)
    client = english_client_for(clerk)
    # when the clerk posts its id
    answer = client.post(PRINT, {"_action": "print_ship", "print_ship-carrier": "ZTO", "ids": [foreign.pk]})
    # then the message names the bare id, not the other store's order number, and nothing shipped
    messages = texts(answer)
    assert not any("SECRET-1" in message for message in messages)
    assert messages[0].startswith(f"{foreign.pk}: ")
    assert Shipment.objects.count() == 0


def test_print_and_ship_short_of_numbers_changes_nothing(make_order, clerk, english_client_for, goods):
    # given: an empty pool
    order = make_order("T1", status="paid")
    client = english_client_for(clerk)
    before = AuditEvent.objects.count()
    # when
    answer = client.post(PRINT, {"_action": "print_ship", "print_ship-carrier": "ZTO", "ids": [order.pk]})
    # then
    assert (answer.status_code, answer["Location"]) == (302, "/orders/")
    assert texts(answer) == ["Only 0 unused ZTO Express tracking number(s) left for 1 order(s); import more."]
    assert (Shipment.objects.count(), AuditEvent.objects.count()) == (0, before)


def test_print_needs_the_csrf_token(make_order, clerk, english_client_for, goods):
    order = make_order("T1", status="paid")
    client = english_client_for(clerk, enforce_csrf_checks=True)
    assert client.post(PRINT, {"_action": "picking_list", "ids": [order.pk]}).status_code == 403


def test_pool_page_counts_imports_and_refuses_bad_numbers(clerk, english_client_for):
    # given
    client = english_client_for(clerk)
    upload = SimpleUploadedFile("zto.csv", ("物流单号\n" + "\n".join(ZTO)).encode())
    # when: a file, then typed numbers with one of the wrong carrier
    imported = client.post(POOL, {"_form": "file", "file-carrier": "ZTO", "file-file": upload})
    refused = client.post(POOL, {"_form": "typed", "typed-carrier": "ZTO", "typed-numbers": "781000000000003\nSF123"})
    page = client.get(POOL)
    # then
    assert (imported.status_code, texts(imported)) == (302, ["2 number(s) added to the pool; 0 were already there."])
    assert refused.status_code == 422
    assert refused.context["typed_form"].errors == {"numbers": ["Row 2: SF123 is not a ZTO Express tracking number."]}
    assert TrackingNumber.objects.count() == 2
    html = page.content.decode()
    assert '<tr data-carrier="ZTO"><td>ZTO Express</td><td class="text-end">2</td>' in html
    assert '<tr data-carrier="SF"><td>SF Express</td><td class="text-end text-danger">0</td>' in html
