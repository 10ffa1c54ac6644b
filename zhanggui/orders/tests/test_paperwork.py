"""Paperwork PDFs (打单): the picking list's totals per warehouse, one masked slip per order, labels
that print the receiver in full as one audited reveal per batch."""

from __future__ import annotations

import pytest
from reportlab.lib.units import mm

from zhanggui.core import policy
from zhanggui.core.exceptions import NotFoundError, PermissionDeniedError, RateLimitedError, ValidationFailed
from zhanggui.core.models import AuditEvent
from zhanggui.orders.models import Order
from zhanggui.orders.services import OrderLineData, order_labels_print, order_paperwork_pdf, order_ship
from zhanggui.orders.services.paperwork import fitted_barcode
from zhanggui.testing.factories import StockFactory, WarehouseFactory

from .pdfs import pdf_page_size_mm, pdf_pages

pytestmark = pytest.mark.django_db

BLACK_LINE = OrderLineData(title="纯棉T恤 黑色 L", unit_price=99, quantity=1, merchant_code="TEE-BLK-L")


def lines_of(page: str) -> list[str]:
    return [line.strip() for line in page.splitlines()]


def contains_run(lines: list[str], run: list[str]) -> bool:
    """Whether ``run`` appears as consecutive lines (a table row: one line per cell)."""
    return any(lines[index : index + len(run)] == run for index in range(len(lines)))


def reveal_rows() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action="pii.reveal").order_by("pk"))


def test_picking_list_sums_each_sku_per_warehouse(make_order, clerk, goods):
    # given: two orders from 杭州主仓 (2 + 3 white, 1 black) and one moved to 上海仓 (2 white)
    first = make_order("T1", status="paid")
    second = make_order(
        "T2",
        status="paid",
        buyer_nickname="tb_b",
        receiver_phone="13900002222",
        lines=[
            OrderLineData(title="纯棉T恤 白色 M", unit_price=99, quantity=3, merchant_code="TEE-WHT-M"),
            BLACK_LINE,
        ],
    )
    shanghai = WarehouseFactory(code="sh", name="上海仓")
    StockFactory(sku=goods.white, warehouse=shanghai, on_hand=5)
    third = make_order("T3", status="paid", buyer_nickname="tb_c", receiver_phone="13900003333")
    Order.objects.filter(pk=third.pk).update(warehouse=shanghai)
    # when
    pdf = order_paperwork_pdf(by=clerk, document="picking_list", order_ids=[first.pk, second.pk, third.pk])
    # then: one page, the warehouses by name, each SKU once with its total and its orders
    [page] = pdf_pages(pdf)
    lines = lines_of(page)
    assert lines[0] == "Picking list"
    hangzhou, shanghai_at = lines.index("Warehouse: 杭州主仓 — 6 unit(s)"), lines.index("Warehouse: 上海仓 — 2 unit(s)")
    assert shanghai_at < hangzhou  # 上 sorts before 杭
    assert contains_run(lines[hangzhou:], ["TEE-BLK-L", "纯棉T恤", "黑色 / L", "1", "T2"])
    assert contains_run(lines[hangzhou:], ["TEE-WHT-M", "纯棉T恤", "白色 / M", "5", "T1 T2"])
    assert contains_run(lines[shanghai_at:hangzhou], ["TEE-WHT-M", "纯棉T恤", "白色 / M", "2", "T3"])
    assert lines.count("TEE-WHT-M") == 2


def test_packing_slips_one_page_per_order_with_the_receiver_masked(make_order, clerk, goods):
    # given
    first = make_order("T1", status="paid", buyer_message="请用纸箱", seller_memo="送贴纸")
    second = make_order("T2", status="paid", buyer_nickname="tb_b", receiver_phone="13900002222", lines=[BLACK_LINE])
    # when
    pages = pdf_pages(order_paperwork_pdf(by=clerk, document="packing_slips", order_ids=[second.pk, first.pk]))
    # then: the chosen order, one page each; no full name, phone or street anywhere
    assert [lines_of(page)[:5] for page in pages] == [
        [
            "Packing slip",
            "Order number: T2",
            f"Store: {second.store.name}",
            "Buyer: tb_b",
            "Receiver: 王**  139****2222  浙江省杭州市西湖区文三路****",
        ],
        [
            "Packing slip",
            "Order number: T1",
            f"Store: {first.store.name}",
            "Buyer: tb_小王",
            "Receiver: 王**  138****1111  浙江省杭州市西湖区文三路****",
        ],
    ]
    assert contains_run(lines_of(pages[0]), ["TEE-BLK-L", "纯棉T恤", "黑色 / L", "1"])
    assert lines_of(pages[1])[-3:] == ["Total quantity: 2", "Buyer message: 请用纸箱", "Seller memo: 送贴纸"]
    for text in ("王小二", "13900002222", "13800001111", "100 号"):
        assert all(text not in page for page in pages)


def test_labels_print_the_receiver_in_full_and_write_one_reveal_per_batch(make_order, clerk, goods, store):
    # given: two shipped orders of 杭州主仓
    store.contact_name, store.contact_phone = "暖木发货组", "0571-88886666"
    store.save()
    first = make_order("T1", status="paid")
    second = make_order("T2", status="paid", buyer_nickname="tb_b", receiver_phone="13900002222", lines=[BLACK_LINE])
    order_ship(by=clerk, order=first, carrier="ZTO", tracking_no="781234567890123")
    order_ship(by=clerk, order=second, carrier="SF", tracking_no="SF1234567890123")
    # when
    pdf = order_labels_print(by=clerk, order_ids=[first.pk, second.pk])
    # then: 100 × 180 mm, one label per order with carrier, number, receiver, sender and items
    assert pdf_page_size_mm(pdf) == (100.0, 180.0)
    assert [lines_of(page) for page in pdf_pages(pdf)] == [
        [
            "ZTO Express",
            "781234567890123",
            "Receiver",
            "王小二  13800001111",
            "浙江省杭州市西湖区文三路 100 号",
            "Sender",
            "暖木发货组  0571-88886666  杭州主仓",
            "Items",
            "纯棉T恤 白色 / M ×2",
            "Order number: T1",
        ],
        [
            "SF Express",
            "SF1234567890123",
            "Receiver",
            "王小二  13900002222",
            "浙江省杭州市西湖区文三路 100 号",
            "Sender",
            "暖木发货组  0571-88886666  杭州主仓",
            "Items",
            "纯棉T恤 黑色 / L ×1",
            "Order number: T2",
        ],
    ]
    [reveal] = reveal_rows()
    assert (reveal.actor_id, reveal.store_id, reveal.reason) == (clerk.pk, store.pk, "Printed waybill labels")
    assert reveal.after == {
        "object_type": "orders.order",
        "objects": ["T1", "T2"],
        "fields": {"receiver_name": "name", "receiver_phone": "phone", "address_detail": "address"},
    }


def test_labels_without_the_reveal_permission_are_refused_and_write_nothing(make_order, clerk, goods, monkeypatch):
    # given: a shipped order, and a clerk role that may ship but not reveal personal data
    order = make_order("T1", status="paid")
    order_ship(by=clerk, order=order, carrier="ZTO", tracking_no="781234567890123")
    without_reveal = policy.ROLE_PERMISSIONS["order_clerk"] - {"pii.reveal"}
    monkeypatch.setitem(policy.ROLE_PERMISSIONS, "order_clerk", without_reveal)
    before = AuditEvent.objects.count()
    # when / then
    with pytest.raises(PermissionDeniedError):
        order_labels_print(by=clerk, order_ids=[order.pk])
    assert AuditEvent.objects.count() == before


def test_labels_of_an_order_without_tracking_number_are_refused(make_order, clerk, goods):
    # given: one shipped order and one still waiting
    shipped = make_order("T1", status="paid")
    order_ship(by=clerk, order=shipped, carrier="ZTO", tracking_no="781234567890123")
    waiting = make_order("T2", status="paid", buyer_nickname="tb_b", receiver_phone="13900002222")
    # when / then
    with pytest.raises(ValidationFailed) as refused:
        order_labels_print(by=clerk, order_ids=[shipped.pk, waiting.pk])
    assert refused.value.errors[0].message == (
        "These orders have no tracking number yet: T2. Use “Print and ship” to assign one."
    )
    assert reveal_rows() == []


def test_paperwork_of_another_stores_order_is_not_found(make_order, clerk, goods, other_store):
    # given
    mine = make_order("T1", status="paid")
    foreign = make_order("T2", status="paid", store=other_store)
    # when / then: the whole batch is refused, whichever document
    for document in ("picking_list", "packing_slips"):
        with pytest.raises(NotFoundError):
            order_paperwork_pdf(by=clerk, document=document, order_ids=[mine.pk, foreign.pk])
    with pytest.raises(NotFoundError):
        order_labels_print(by=clerk, order_ids=[mine.pk, foreign.pk])
    assert reveal_rows() == []


def test_paperwork_needs_the_shipping_permission(make_order, make_staff, goods):
    # given: customer service sees orders but does not ship them
    order = make_order("T1", status="paid")
    before = AuditEvent.objects.count()
    # when / then
    with pytest.raises(PermissionDeniedError):
        order_paperwork_pdf(by=make_staff("cs_agent"), document="picking_list", order_ids=[order.pk])
    with pytest.raises(PermissionDeniedError):
        order_labels_print(by=make_staff("cs_agent"), order_ids=[order.pk])
    assert AuditEvent.objects.count() == before


def test_a_long_tracking_number_is_drawn_narrower_to_fit_the_label():
    # given: a 30-character number (the longest "other carrier" format) and a 92 mm wide label
    width = 92 * mm
    # when / then: a usual number keeps 0.33 mm bars; the long one shrinks to the label's width
    assert fitted_barcode("781234567890123", width).barWidth == pytest.approx(0.33 * mm)
    assert fitted_barcode("A1B2C3D4E5F6G7H8I9J0K1L2M3N4O5", width).width == pytest.approx(width)


def test_a_label_batch_counts_once_against_the_hourly_reveal_limit(make_order, clerk, goods, settings):
    # given: one reveal an hour allowed, and two shipped orders
    settings.ZHANGGUI_PII_REVEALS_PER_HOUR = 1
    first = make_order("T1", status="paid")
    second = make_order("T2", status="paid", buyer_nickname="tb_b", receiver_phone="13900002222")
    order_ship(by=clerk, order=first, carrier="ZTO", tracking_no="781234567890123")
    order_ship(by=clerk, order=second, carrier="ZTO", tracking_no="781234567890124")
    # when: both labels print as one batch, then the clerk prints again
    order_labels_print(by=clerk, order_ids=[first.pk, second.pk])
    with pytest.raises(RateLimitedError):
        order_labels_print(by=clerk, order_ids=[first.pk])
    # then: one reveal row, for the batch
    assert [row.after["objects"] for row in reveal_rows()] == [["T1", "T2"]]
