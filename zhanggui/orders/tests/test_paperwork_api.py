"""Paperwork API: PDFs of chosen orders (another store's order is 404), the pool, print and ship."""

from __future__ import annotations

import base64

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zhanggui.core.models import AuditEvent
from zhanggui.orders.models import Shipment, TrackingNumber
from zhanggui.orders.services import order_ship

from .pdfs import pdf_pages

pytestmark = pytest.mark.django_db

URL = "/api/v1/orders"
ZTO = ["781000000000001", "781000000000002"]


def test_picking_list_and_packing_slips_as_pdf(make_order, clerk, english_api_client_for, goods):
    # given
    order = make_order("T1", status="paid")
    api = english_api_client_for(clerk)
    # when
    picking = api.post(f"{URL}/paperwork/picking-list", {"order_ids": [order.pk]}, content_type="application/json")
    slips = api.post(f"{URL}/paperwork/packing-slips", {"order_ids": [order.pk]}, content_type="application/json")
    # then
    assert (picking.status_code, picking["Content-Type"]) == (200, "application/pdf")
    lines = pdf_pages(picking.content)[0].splitlines()
    assert (lines[0], lines[2]) == ("Picking list", "Warehouse: 杭州主仓 — 2 unit(s)")
    assert lines[1].startswith("1 order(s), printed ")
    assert (slips.status_code, slips["Content-Type"]) == (200, "application/pdf")
    assert "Receiver: 王**  138****1111  浙江省杭州市西湖区文三路****" in pdf_pages(slips.content)[0]


def test_another_stores_order_is_not_found_and_nothing_is_revealed(
    make_order, clerk, english_api_client_for, goods, other_store
):
    # given: a shipped order of a store the clerk does not work for
    foreign = make_order("T9", status="paid", store=other_store)
    order_ship(by=None, order=foreign, carrier="ZTO", tracking_no=ZTO[0])
    api = english_api_client_for(clerk)
    # when
    answers = [
        api.post(f"{URL}/paperwork/{document}", {"order_ids": [foreign.pk]}, content_type="application/json")
        for document in ("picking-list", "packing-slips", "labels")
    ]
    # then
    assert [(answer.status_code, answer.json()["code"]) for answer in answers] == [(404, "not_found")] * 3
    assert not AuditEvent.objects.filter(action="pii.reveal").exists()


def test_pool_upload_list_and_print_and_ship(make_order, clerk, english_api_client_for, goods):
    # given: a pool file uploaded twice and two orders awaiting shipment
    api = english_api_client_for(clerk)
    uploads = [
        api.post(
            f"{URL}/tracking-pool/files",
            {"carrier": "ZTO", "file": SimpleUploadedFile("zto.csv", "\n".join(ZTO).encode())},
        )
        for _ in range(2)
    ]
    typed = api.post(f"{URL}/tracking-pool", {"carrier": "SF", "numbers": ["SF1234567890123"]}, "application/json")
    first = make_order("T1", status="paid")
    second = make_order("T2", status="paid", buyer_nickname="tb_b", receiver_phone="13900002222")
    # when
    shipped = api.post(
        f"{URL}/paperwork/print-and-ship",
        {"carrier": "ZTO", "order_ids": [first.pk, second.pk]},
        content_type="application/json",
    )
    counts = api.get(f"{URL}/tracking-pool").json()
    # then
    assert [answer.json() for answer in uploads] == [
        {"carrier": "ZTO", "added": 2, "existing": 0},
        {"carrier": "ZTO", "added": 0, "existing": 2},
    ]
    assert typed.json() == {"carrier": "SF", "added": 1, "existing": 0}
    body = shipped.json()
    assert (shipped.status_code, body["done"], body["errors"]) == (
        200,
        [{"order_id": first.pk, "tracking_no": ZTO[0]}, {"order_id": second.pk, "tracking_no": ZTO[1]}],
        [],
    )
    assert [page.splitlines()[1] for page in pdf_pages(base64.b64decode(body["labels_pdf"]))] == ZTO
    assert {count["carrier"]: (count["unused"], count["used"]) for count in counts}["ZTO"] == (0, 2)
    assert {count["carrier"]: (count["unused"], count["used"]) for count in counts}["SF"] == (1, 0)


def test_print_and_ship_short_of_numbers_is_422_and_changes_nothing(make_order, clerk, english_api_client_for, goods):
    # given: an empty pool
    order = make_order("T1", status="paid")
    api = english_api_client_for(clerk)
    # when
    answer = api.post(
        f"{URL}/paperwork/print-and-ship", {"carrier": "ZTO", "order_ids": [order.pk]}, content_type="application/json"
    )
    # then
    assert answer.status_code == 422
    assert answer.json()["errors"] == [
        {
            "field": "carrier",
            "message": "Only 0 unused ZTO Express tracking number(s) left for 1 order(s); import more.",
        }
    ]
    assert (Shipment.objects.count(), TrackingNumber.objects.count()) == (0, 0)
