"""Each case type from request to its end, through the services: the money, the stock, the audit trail.

The order of ``conftest.order_data``: 白色 M ×2 (line 198.00) and 黑色 L ×1 (line 99.00), 19.70 shop
discount, 10.00 shipping, paid 287.30. The goods paid (277.30) split by the one allocation rule:
白色 M 184.87, 黑色 L 92.43.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from zhanggui.aftersales.models import Refund, RefundLine
from zhanggui.aftersales.services import (
    CaseLineInput,
    case_approve,
    case_close,
    case_create,
    case_inspect,
    case_receive,
    case_repair_return,
    case_repair_send,
    case_replace,
    case_restock,
    case_return_ship,
    case_review_start,
    refund_issue,
)
from zhanggui.catalog.models import Stock
from zhanggui.core.models import AuditEvent
from zhanggui.orders.models import Order

D = Decimal
pytestmark = pytest.mark.django_db


def actions_of(case) -> list[str]:  # type: ignore[no-untyped-def]
    events = AuditEvent.objects.filter(object_type="aftersales.case", object_id=str(case.pk)).order_by("pk")
    return list(events.values_list("action", flat=True))


def line_of(order: Order, code: str):  # type: ignore[no-untyped-def]
    return order.lines.get(merchant_code=code)


def goods_back(case, specialist, *, result: str = "passed", note: str = "") -> None:  # type: ignore[no-untyped-def]
    """Approve, the buyer ships back, the warehouse receives and inspects."""
    case_approve(by=specialist, case=case)
    case_return_ship(by=specialist, case=case, carrier="zto", tracking_no="75300000000001")
    case_receive(by=specialist, case=case)
    case_inspect(by=specialist, case=case, result=result, note=note)


def test_refund_only_before_shipment_covers_the_whole_order_even_when_one_line_is_asked(
    make_order, specialist, agent, reason, goods
):
    # given a paid order holding 2 白色 M and 1 黑色 L; the agent asks for the black line only
    order = make_order()
    goods.white_stock.refresh_from_db()
    assert goods.white_stock.reserved == 2
    black = line_of(order, "TEE-BLK-L")
    # when
    case = case_create(
        by=agent,
        order=order,
        type="refund_only",
        reason=reason("changed_mind"),
        lines=[CaseLineInput(order_line_id=black.pk, quantity=1)],
    )
    case_review_start(by=specialist, case=case)
    case_approve(by=specialist, case=case)
    refund = refund_issue(by=specialist, case=case, idempotency_key="before-ship")
    # then the parcel never left: every line, and the postage, come back; the order closes
    order.refresh_from_db()
    case.refresh_from_db()
    goods.white_stock.refresh_from_db()
    goods.black_stock.refresh_from_db()
    assert case.requested_amount == D("277.30")
    assert sorted(case.lines.values_list("order_line__merchant_code", "quantity", "amount")) == [
        ("TEE-BLK-L", 1, D("92.43")),
        ("TEE-WHT-M", 2, D("184.87")),
    ]
    assert (refund.amount, refund.shipping_amount) == (D("287.30"), D("10.00"))
    assert (order.status, order.refunded_amount) == ("closed", D("287.30"))
    assert (case.status, case.refunded_amount, case.shipping_refund) == ("refunded", D("287.30"), D("10.00"))
    assert (goods.white_stock.reserved, goods.black_stock.reserved) == (0, 0)
    assert not order.lines.filter(reserved=True).exists()
    assert actions_of(case) == [
        "aftersales.case.create",
        "aftersales.case.review",
        "aftersales.case.approve",
        "aftersales.case.refund",
    ]


def test_refund_only_after_shipment_pays_back_the_units_asked_and_keeps_the_order(
    make_order, specialist, reason, goods
):
    # given a shipped order; one 白色 M never arrived
    order = make_order(shipped=True)
    white = line_of(order, "TEE-WHT-M")
    # when
    case = case_create(
        by=specialist,
        order=order,
        type="refund_only",
        reason=reason("missing_item"),
        lines=[CaseLineInput(order_line_id=white.pk, quantity=1)],
    )
    case_approve(by=specialist, case=case)
    refund = refund_issue(by=specialist, case=case, idempotency_key="k")
    # then half of the line's 184.87 (rounded to the cent), no postage while goods stay paid for
    order.refresh_from_db()
    case.refresh_from_db()
    assert case.requested_amount == D("92.44")
    assert (refund.amount, refund.shipping_amount) == (D("92.44"), D("0.00"))
    assert list(refund.lines.values_list("order_line__merchant_code", "amount")) == [("TEE-WHT-M", D("92.44"))]
    assert (order.status, order.refunded_amount) == ("shipped", D("92.44"))
    assert case.status == "refunded"
    assert case.due_at is None


def test_return_refund_of_the_whole_order_by_the_shops_fault_pays_back_the_postage(
    make_order, specialist, reason, goods
):
    # given a shipped order whose goods are faulty (the shop is responsible)
    order = make_order(shipped=True)
    lines = [CaseLineInput(order_line_id=line.pk, quantity=line.quantity) for line in order.lines.order_by("pk")]
    case = case_create(by=specialist, order=order, type="return_refund", reason=reason("quality"), lines=lines)
    # when the goods come back, pass inspection, are refunded and restocked
    goods_back(case, specialist)
    refund = refund_issue(by=specialist, case=case, idempotency_key="k")
    case_restock(by=specialist, case=case, warehouse=goods.returns)
    # then everything paid comes back, postage included, and the units are sellable again
    order.refresh_from_db()
    assert (refund.amount, refund.shipping_amount) == (D("287.30"), D("10.00"))
    assert sorted(refund.lines.values_list("order_line__merchant_code", "amount")) == [
        ("TEE-BLK-L", D("92.43")),
        ("TEE-WHT-M", D("184.87")),
    ]
    assert order.refunded_amount == order.paid_amount == D("287.30")
    returned = dict(Stock.objects.filter(warehouse=goods.returns).values_list("sku__merchant_code", "on_hand"))
    assert returned == {"TEE-BLK-L": 1, "TEE-WHT-M": 2}
    assert actions_of(case) == [
        "aftersales.case.create",
        "aftersales.case.approve",
        "aftersales.case.return_ship",
        "aftersales.case.receive",
        "aftersales.case.inspect",
        "aftersales.case.refund",
        "aftersales.case.restock",
    ]


def test_exchange_sends_a_zero_amount_replacement_order_that_holds_the_new_sku(make_order, specialist, reason, goods):
    # given a shipped order; the buyer wants 黑色 L instead of one 白色 M (4 黑色 L left after shipping)
    order = make_order(shipped=True)
    white = line_of(order, "TEE-WHT-M")
    case = case_create(
        by=specialist,
        order=order,
        type="exchange",
        reason=reason("size"),
        lines=[CaseLineInput(order_line_id=white.pk, quantity=1, replacement_sku_id=goods.black.pk)],
    )
    assert case.requested_amount == D("0.00")
    # when the white shirt comes back and passes inspection, and the replacement is made
    goods_back(case, specialist)
    case_replace(by=specialist, case=case)
    # then a zero-amount, paid replacement order holds one 黑色 L; no money moved
    case.refresh_from_db()
    replacement = case.replacement_order
    assert case.status == "exchanged"
    assert replacement.platform_order_id == f"{order.platform_order_id}-R1"
    assert (replacement.paid_amount, replacement.refunded_amount) == (D("0.00"), D("0.00"))
    assert replacement.status in ("awaiting_shipment", "under_review")
    assert replacement.buyer_id == order.buyer_id
    assert list(replacement.lines.values_list("sku_id", "quantity", "reserved")) == [(goods.black.pk, 1, True)]
    goods.black_stock.refresh_from_db()
    assert (goods.black_stock.on_hand, goods.black_stock.reserved) == (4, 1)
    assert Refund.objects.count() == 0
    order.refresh_from_db()
    assert order.refunded_amount == D("0.00")


def test_reissue_links_a_zero_amount_replacement_order_to_the_original(make_order, specialist, reason, goods):
    # given a shipped order whose 黑色 L was missing from the parcel
    order = make_order(shipped=True)
    black = line_of(order, "TEE-BLK-L")
    case = case_create(
        by=specialist,
        order=order,
        type="reissue",
        reason=reason("missing_item"),
        lines=[CaseLineInput(order_line_id=black.pk, quantity=1)],
    )
    # when it is approved (no goods come back) and reissued
    case_approve(by=specialist, case=case)
    case.refresh_from_db()
    assert case.status == "approved"
    case_replace(by=specialist, case=case)
    # then
    case.refresh_from_db()
    replacement = case.replacement_order
    assert case.status == "reissued"
    assert replacement.platform_order_id == f"{order.platform_order_id}-R1"
    assert replacement.paid_amount == D("0.00")
    assert order.platform_order_id in replacement.seller_memo
    assert case.number in replacement.seller_memo
    assert list(replacement.lines.values_list("sku_id", "quantity", "unit_price")) == [(goods.black.pk, 1, D("0.00"))]
    assert Order.objects.get(replaces_case=case).pk == replacement.pk
    goods.black_stock.refresh_from_db()
    assert goods.black_stock.reserved == 1
    # and closing the resolved case leaves the replacement order as it is
    case_close(by=specialist, case=case)
    case.refresh_from_db()
    assert case.status == "closed"


def test_repair_goes_out_to_the_repairer_and_back_to_the_buyer(make_order, specialist, reason, goods):
    # given a shipped order; the black shirt's zip is broken
    order = make_order(shipped=True)
    black = line_of(order, "TEE-BLK-L")
    case = case_create(
        by=specialist,
        order=order,
        type="repair",
        reason=reason("faulty"),
        lines=[CaseLineInput(order_line_id=black.pk, quantity=1)],
    )
    # when
    goods_back(case, specialist)
    case_repair_send(by=specialist, case=case, note="寄回厂家维修")
    case_repair_return(by=specialist, case=case, carrier="sf", tracking_no="SF1234567890123")
    case_close(by=specialist, case=case)
    # then
    case.refresh_from_db()
    assert case.status == "closed"
    assert case.repair_sent_at is not None and case.resolved_at is not None
    assert (case.outbound_carrier, case.outbound_tracking_no) == ("SF", "SF1234567890123")
    assert case.replacement_order is None
    assert (Refund.objects.count(), RefundLine.objects.count()) == (0, 0)
    assert actions_of(case)[-3:] == [
        "aftersales.case.repair_send",
        "aftersales.case.repair_return",
        "aftersales.case.close",
    ]
