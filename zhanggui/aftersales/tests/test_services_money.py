"""The money rules of refunds: partial refunds over several cases, the shipping fee, each line's share.

The order of ``conftest.order_data`` (paid 287.30 = goods 277.30 + postage 10.00): 白色 M ×2 pays
184.87, 黑色 L ×1 pays 92.43.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db.models import Sum

from zhanggui.aftersales.models import Case, Refund, RefundLine
from zhanggui.aftersales.selectors import line_paid_shares, order_money
from zhanggui.aftersales.services import (
    CaseLineInput,
    case_approve,
    case_create,
    case_inspect,
    case_receive,
    case_return_ship,
    refund_issue,
)
from zhanggui.core.exceptions import ValidationFailed
from zhanggui.core.models import AuditEvent
from zhanggui.orders.services import OrderLineData

D = Decimal
pytestmark = pytest.mark.django_db


def refunded_case(specialist, order, reason, code: str, lines: list[CaseLineInput], **kwargs):  # type: ignore[no-untyped-def]
    """A refund-only case, approved and refunded; returns the refund."""
    case = case_create(by=specialist, order=order, type="refund_only", reason=reason(code), lines=lines)
    case_approve(by=specialist, case=case)
    return refund_issue(by=specialist, case=case, idempotency_key=f"k{case.pk}", **kwargs)


def returned_and_refunded(specialist, order, reason, code: str, lines: list[CaseLineInput]):  # type: ignore[no-untyped-def]
    case = case_create(by=specialist, order=order, type="return_refund", reason=reason(code), lines=lines)
    case_approve(by=specialist, case=case)
    case_return_ship(by=specialist, case=case, carrier="zto", tracking_no=f"7530000000{case.pk:04d}")
    case_receive(by=specialist, case=case)
    case_inspect(by=specialist, case=case, result="passed")
    return refund_issue(by=specialist, case=case, idempotency_key=f"k{case.pk}")


def per_line_refunded(order) -> dict[str, Decimal]:  # type: ignore[no-untyped-def]
    rows = (
        RefundLine.objects.filter(refund__order=order)
        .values_list("order_line__merchant_code")
        .annotate(total=Sum("amount"))
    )
    return dict(rows)


def test_two_cases_on_one_line_never_refund_more_than_its_share(make_order, specialist, reason):
    # given a shipped order; 50.00 of the white line was refunded on a first case (one shirt stained)
    order = make_order(shipped=True)
    white = order.lines.get(merchant_code="TEE-WHT-M")
    first = refunded_case(specialist, order, reason, "quality", [CaseLineInput(white.pk, 1, amount=D("50.00"))])
    assert (first.amount, first.shipping_amount) == (D("50.00"), D("0.00"))
    # when the buyer then returns both white shirts
    second = returned_and_refunded(specialist, order, reason, "size", [CaseLineInput(white.pk, 2)])
    # then the second case asked, and got, only what the line had left
    assert Case.objects.get(pk=second.case_id).requested_amount == D("134.87")
    assert (second.amount, second.shipping_amount) == (D("134.87"), D("0.00"))
    order.refresh_from_db()
    assert per_line_refunded(order) == {"TEE-WHT-M": D("184.87")}
    assert order.refunded_amount == D("184.87")
    assert order_money(order).lines[white.pk].refundable == D("0.00")


def test_asking_more_than_a_line_has_left_is_refused_and_writes_nothing(make_order, specialist, reason):
    # given 50.00 of the white line refunded
    order = make_order(shipped=True)
    white = order.lines.get(merchant_code="TEE-WHT-M")
    refunded_case(specialist, order, reason, "quality", [CaseLineInput(white.pk, 1, amount=D("50.00"))])
    cases, audit_rows = Case.objects.count(), AuditEvent.objects.count()
    # when 150.00 more is asked on it
    with pytest.raises(ValidationFailed) as caught:
        case_create(
            by=specialist,
            order=order,
            type="refund_only",
            reason=reason("quality"),
            lines=[CaseLineInput(white.pk, 2, amount=D("150.00"))],
        )
    # then
    assert caught.value.errors[0].field == "lines.0.amount"
    assert caught.value.errors[0].message == "At most 134.87 can still be refunded on this line."
    assert (Case.objects.count(), AuditEvent.objects.count()) == (cases, audit_rows)


def test_a_refund_below_the_request_leaves_the_rest_of_the_line_refundable(make_order, specialist, reason):
    # given a request for the black line's 92.43, settled at 30.00
    order = make_order(shipped=True)
    black = order.lines.get(merchant_code="TEE-BLK-L")
    refund = refunded_case(specialist, order, reason, "quality", [CaseLineInput(black.pk, 1)], amount=D("30.00"))
    # then
    assert refund.amount == D("30.00")
    assert Case.objects.get(pk=refund.case_id).refunded_amount == D("30.00")
    assert order_money(order).lines[black.pk].refundable == D("62.43")
    # and a refund above the request is refused
    white = order.lines.get(merchant_code="TEE-WHT-M")
    case = case_create(
        by=specialist, order=order, type="refund_only", reason=reason("quality"), lines=[CaseLineInput(white.pk, 1)]
    )
    case_approve(by=specialist, case=case)
    with pytest.raises(ValidationFailed, match="asked for"):
        refund_issue(by=specialist, case=case, idempotency_key="too-much", amount=case.requested_amount + 1)


@pytest.mark.parametrize(
    ("code", "responsibility", "postage"),
    [
        ("quality", "merchant", D("10.00")),
        ("damaged_in_transit", "carrier", D("10.00")),
        ("size", "buyer", D("0.00")),
        ("changed_mind", "buyer", D("0.00")),
    ],
)
def test_the_postage_comes_back_with_the_last_goods_unless_the_buyer_is_responsible(
    make_order, specialist, reason, code, responsibility, postage
):
    # given a shipped order whose white shirts were refunded first (a merchant's fault: no postage yet)
    order = make_order(shipped=True)
    white = order.lines.get(merchant_code="TEE-WHT-M")
    black = order.lines.get(merchant_code="TEE-BLK-L")
    first = returned_and_refunded(specialist, order, reason, "quality", [CaseLineInput(white.pk, 2)])
    assert first.shipping_amount == D("0.00")
    # when the last goods are refunded for this reason
    last = returned_and_refunded(specialist, order, reason, code, [CaseLineInput(black.pk, 1)])
    # then the postage follows who is responsible
    assert Case.objects.get(pk=last.case_id).responsibility == responsibility
    assert (last.amount, last.shipping_amount) == (D("92.43") + postage, postage)
    order.refresh_from_db()
    assert order.refunded_amount == D("277.30") + postage
    assert Refund.objects.filter(order=order).aggregate(total=Sum("amount"))["total"] == order.refunded_amount


def test_a_partial_last_refund_does_not_bring_the_postage(make_order, specialist, reason):
    # given the whole order returned for a fault, settled at 200.00 of its 277.30
    order = make_order(shipped=True)
    lines = [CaseLineInput(line.pk, line.quantity) for line in order.lines.order_by("pk")]
    case = case_create(by=specialist, order=order, type="refund_only", reason=reason("quality"), lines=lines)
    case_approve(by=specialist, case=case)
    # when
    refund = refund_issue(by=specialist, case=case, idempotency_key="k", amount=D("200.00"))
    # then the goods are split by what each line asked (184.87 : 92.43) and no postage is paid
    assert (refund.amount, refund.shipping_amount) == (D("200.00"), D("0.00"))
    assert per_line_refunded(order) == {"TEE-WHT-M": D("133.34"), "TEE-BLK-L": D("66.66")}


def test_each_line_bears_the_order_discount_in_proportion_to_the_cent(make_order, specialist, reason):
    # given three lines of 100.00, 50.00 and 50.00 less a 0.01 shop discount, no postage: paid 199.99
    lines = [
        OrderLineData(title="纯棉T恤 白色 M", unit_price=D("100.00"), quantity=1, merchant_code="TEE-WHT-M"),
        OrderLineData(title="纯棉T恤 黑色 L", unit_price=D("60.00"), quantity=1, merchant_code="TEE-BLK-L"),
        OrderLineData(title="袜子", unit_price=D("25.00"), quantity=2, merchant_code="", discount=D("0.00")),
    ]
    order = make_order(
        lines=lines,
        shipping_fee=D("0.00"),
        seller_discount=D("10.01"),
        paid_amount=D("199.99"),
    )
    order_lines = list(order.lines.order_by("pk"))
    # (a line's own discount comes off its total before the split: the black line is 60.00)
    assert [line.line_total for line in order_lines] == [D("100.00"), D("60.00"), D("50.00")]
    # when the shares are taken, and everything is refunded before shipment
    shares = line_paid_shares(order, order_lines)
    refund = refunded_case(specialist, order, reason, "changed_mind", [])
    # then 199.99 over 100 : 60 : 50 → 95.23, 57.14, 47.62 (the cent left goes to the largest remainder)
    assert shares == [D("95.23"), D("57.14"), D("47.62")]
    assert sum(shares) == D("199.99")
    assert list(refund.lines.order_by("order_line_id").values_list("amount", flat=True)) == shares
    assert refund.amount == D("199.99")
