from decimal import Decimal

import pytest

from zhanggui.aftersales.models import Refund
from zhanggui.aftersales.services import (
    CaseLineInput,
    case_approve,
    case_create,
    case_inspect,
    case_receive,
    case_restock,
    case_return_ship,
    refund_issue,
)
from zhanggui.catalog.models import Stock

D = Decimal
pytestmark = pytest.mark.django_db


def test_return_and_refund_of_one_line_pays_back_its_share_and_restocks(make_order, specialist, reason, goods):
    # given a shipped order: 白色 M ×2 and 黑色 L ×1 with 19.70 off; the black line's share is 92.43
    order = make_order(shipped=True)
    black = order.lines.get(merchant_code="TEE-BLK-L")
    case = case_create(
        by=specialist,
        order=order,
        type="return_refund",
        reason=reason("size"),
        lines=[CaseLineInput(order_line_id=black.pk, quantity=1)],
    )
    assert case.requested_amount == D("92.43")
    # when it is approved, shipped back, received, inspected, refunded and restocked
    case_approve(by=specialist, case=case)
    case_return_ship(by=specialist, case=case, carrier="zto", tracking_no="75300000000001")
    case_receive(by=specialist, case=case)
    case_inspect(by=specialist, case=case, result="passed")
    refund = refund_issue(by=specialist, case=case, idempotency_key="k1")
    case_restock(by=specialist, case=case, warehouse=goods.returns)
    # then the buyer got the line's share back, no postage (the buyer's choice), and the unit is back
    order.refresh_from_db()
    case.refresh_from_db()
    assert (refund.amount, refund.shipping_amount) == (D("92.43"), D("0.00"))
    assert (order.refunded_amount, order.status) == (D("92.43"), "shipped")
    assert case.status == "refunded"
    assert Stock.objects.get(sku=goods.black, warehouse=goods.returns).on_hand == 1
    # and the same key again gives the same refund, not a second one
    assert refund_issue(by=specialist, case=case, idempotency_key="k1").pk == refund.pk
    assert Refund.objects.count() == 1


def test_refund_only_before_shipment_refunds_everything_and_closes_the_order(make_order, specialist, reason, goods):
    order = make_order()
    case = case_create(by=specialist, order=order, type="refund_only", reason=reason("changed_mind"))
    case_approve(by=specialist, case=case)
    refund_issue(by=specialist, case=case, idempotency_key="k1")
    order.refresh_from_db()
    goods.white_stock.refresh_from_db()
    assert (order.refunded_amount, order.status) == (D("287.30"), "closed")
    assert goods.white_stock.reserved == 0
