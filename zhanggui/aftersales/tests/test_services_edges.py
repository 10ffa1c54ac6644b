"""Edges found on review: platform reports, repeated requests on one line, exchanges, withdrawals, reopening."""

from decimal import Decimal

import pytest
from django.utils import timezone

from zhanggui.aftersales.models import Case, CaseSource, Refund
from zhanggui.aftersales.services import (
    CaseLineInput,
    case_approve,
    case_close,
    case_create,
    case_inspect,
    case_receive,
    case_reject,
    case_return_ship,
    case_review_start,
    refund_issue,
)
from zhanggui.core.exceptions import ConflictError, ValidationFailed
from zhanggui.core.models import AuditEvent
from zhanggui.orders.services import RefundReport, order_refunds_record
from zhanggui.testing.factories import ProductFactory, SkuFactory

D = Decimal
pytestmark = pytest.mark.django_db


def test_a_platform_refund_of_one_line_before_shipment_refunds_that_line_only(make_order, reason, goods):
    # given an unshipped order; the platform reports a refund of 30.00 on the black line
    order = make_order()
    black = order.lines.get(merchant_code="TEE-BLK-L")
    case = case_create(
        by=None,
        order=order,
        type="refund_only",
        reason=reason("changed_mind"),
        lines=[CaseLineInput(black.pk, 1, amount=D("30.00"))],
        source=CaseSource.PLATFORM,
        platform_case_id="R1",
    )
    # then the case asks for that line's 30.00, not the whole order
    assert (case.requested_amount, case.lines.get().order_line_id) == (D("30.00"), black.pk)


def test_a_refund_the_order_feed_already_counted_is_not_counted_twice(make_order, reason, specialist, store):
    # given the order feed reported a refund of 92.43 (the black line) without lines
    order = make_order(shipped=True)
    order_refunds_record(
        by=None, store=store, refunds=[RefundReport(order.platform_order_id, D("92.43"), timezone.now(), ("R1",))]
    )
    black = order.lines.get(merchant_code="TEE-BLK-L")
    case = case_create(
        by=None,
        order=order,
        type="refund_only",
        reason=reason("quality"),
        lines=[CaseLineInput(black.pk, 1, amount=D("92.43"))],
        source=CaseSource.PLATFORM,
        platform_case_id="R1",
    )
    case_approve(by=specialist, case=case)
    # when the platform's after-sales report of the same refund is recorded
    refund_issue(by=None, case=case, idempotency_key="platform-R1", rule="platform")
    # then the order's refunded total stays 92.43
    order.refresh_from_db()
    assert order.refunded_amount == D("92.43")
    assert Refund.objects.get().amount == D("92.43")


def test_a_second_request_on_a_line_asks_for_what_its_remaining_units_paid(make_order, specialist, reason):
    # given 白色 M ×2 paid 184.87; one unit was refunded (92.44)
    order = make_order(shipped=True)
    white = order.lines.get(merchant_code="TEE-WHT-M")
    first = case_create(
        by=specialist, order=order, type="refund_only", reason=reason("quality"), lines=[CaseLineInput(white.pk, 1)]
    )
    case_approve(by=specialist, case=first)
    refund_issue(by=specialist, case=first, idempotency_key="k1")
    # when the buyer asks for the other unit
    second = case_create(
        by=specialist, order=order, type="refund_only", reason=reason("quality"), lines=[CaseLineInput(white.pk, 1)]
    )
    # then it asks for the rest of the line, not half of it
    assert (first.requested_amount, second.requested_amount) == (D("92.44"), D("92.43"))


def test_an_exchange_for_another_product_is_refused_and_writes_nothing(make_order, agent, reason):
    order = make_order(shipped=True)
    white = order.lines.get(merchant_code="TEE-WHT-M")
    other = SkuFactory(product=ProductFactory(name="羽绒服", spu_code="SPU-DOWN"), merchant_code="DOWN-BLK-L")
    with pytest.raises(ValidationFailed) as error:
        case_create(
            by=agent,
            order=order,
            type="exchange",
            reason=reason("size"),
            lines=[CaseLineInput(white.pk, 1, replacement_sku_id=other.pk)],
        )
    assert [e.field for e in error.value.errors] == ["lines.0.replacement_sku_id"]
    assert (Case.objects.count(), AuditEvent.objects.filter(action__startswith="aftersales.").count()) == (0, 0)


def test_goods_on_their_way_back_cannot_be_withdrawn_by_staff(make_order, specialist, reason):
    order = make_order(shipped=True)
    black = order.lines.get(merchant_code="TEE-BLK-L")
    case = case_create(
        by=specialist, order=order, type="return_refund", reason=reason("size"), lines=[CaseLineInput(black.pk, 1)]
    )
    case_approve(by=specialist, case=case)
    case_return_ship(by=specialist, case=case, carrier="zto", tracking_no="75300000000001")
    with pytest.raises(ConflictError):
        case_close(by=specialist, case=case, note="买家撤销")
    case.refresh_from_db()
    assert case.status == "awaiting_return"


def test_a_case_refused_after_a_failed_inspection_cannot_be_reopened(make_order, specialist, reason):
    order = make_order(shipped=True)
    black = order.lines.get(merchant_code="TEE-BLK-L")
    case = case_create(
        by=specialist, order=order, type="return_refund", reason=reason("size"), lines=[CaseLineInput(black.pk, 1)]
    )
    case_approve(by=specialist, case=case)
    case_receive(by=specialist, case=case)
    case_inspect(by=specialist, case=case, result="failed", note="吊牌已拆，有穿着痕迹")
    case_reject(by=specialist, case=case, reason="商品已影响二次销售")
    with pytest.raises(ConflictError):
        case_review_start(by=specialist, case=case)
    case.refresh_from_db()
    assert case.status == "rejected"
