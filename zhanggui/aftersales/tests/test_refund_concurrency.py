"""Refunds at once on one order: never more than was paid, and one refund per idempotency key.

Run on PostgreSQL (``DATABASE_URL=postgres://…``): SQLite serialises writers, so the races these
guard against cannot happen there. Each thread has its own database connection.
"""

from __future__ import annotations

import datetime as dt
import functools
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.utils import timezone

from zhanggui.aftersales.models import Case, Refund, RefundLine
from zhanggui.aftersales.services import (
    CaseLineInput,
    case_agree_expired,
    case_approve,
    case_create,
    case_replace,
    case_review_start,
    refund_issue,
)
from zhanggui.core.exceptions import ConflictError, ServiceError, ValidationFailed
from zhanggui.orders.models import Order
from zhanggui.orders.services import OrderLineData, RefundReport, order_refunds_record, order_ship, order_upsert
from zhanggui.testing.concurrency import at_once
from zhanggui.testing.factories import SkuFactory, StockFactory

from .conftest import order_data

D = Decimal
THREADS = 8
ROUNDS = 6


@pytest.fixture
def eight_skus(goods):  # type: ignore[no-untyped-def]
    skus = [SkuFactory(product=goods.product, merchant_code=f"TEE-{n}") for n in range(THREADS)]
    for sku in skus:
        StockFactory(sku=sku, warehouse=goods.warehouse, on_hand=1000, reserved=0)
    return skus


def shipped_order(store, clerk, skus, number: str) -> Order:  # type: ignore[no-untyped-def]
    """Eight lines of 100.00, no discount, no postage: paid 800.00; shipped."""
    lines = [
        OrderLineData(title="纯棉T恤", unit_price=D("100.00"), quantity=1, merchant_code=s.merchant_code) for s in skus
    ]
    data = order_data(
        number,
        lines=lines,
        seller_discount=D("0.00"),
        shipping_fee=D("0.00"),
        paid_amount=D("800.00"),
        buyer_nickname=f"tb_买家{number}",
        receiver_phone=f"139{abs(hash(number)) % 10**8:08d}",
    )
    order, _outcome = order_upsert(by=None, store=store, data=data)
    order_ship(by=clerk, order=order, carrier="zto", tracking_no="75312345678901")
    order.refresh_from_db()
    return order


def approved_case_per_line(order: Order, specialist, reason) -> list[Case]:  # type: ignore[no-untyped-def]
    cases = []
    for line in order.lines.order_by("pk"):
        case = case_create(
            by=specialist, order=order, type="refund_only", reason=reason("quality"), lines=[CaseLineInput(line.pk, 1)]
        )
        cases.append(case_approve(by=specialist, case=case))
    return cases


@pytest.mark.slow
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_eight_refunds_at_once_never_pay_back_more_than_was_paid(store, make_staff, reason, eight_skus):
    specialist, clerk = make_staff("aftersales"), make_staff("order_clerk")
    for round_no in range(ROUNDS):
        # given eight approved requests of 100.00 each on a paid 800.00 order, of which the platform
        # has already refunded 350.00: the requests (800.00) ask beyond what is left (450.00)
        order = shipped_order(store, clerk, eight_skus, f"C{round_no}")
        cases = approved_case_per_line(order, specialist, reason)
        order_refunds_record(
            by=None, store=store, refunds=[RefundReport(order.platform_order_id, D("350.00"), timezone.now(), ("P",))]
        )
        # when all eight are refunded at once
        results, errors = at_once(
            [
                functools.partial(refund_issue, by=specialist, case=case, idempotency_key=f"case-{case.pk}")
                for case in cases
            ]
        )
        # then four fit, the other four are refused cleanly, and the totals agree
        order.refresh_from_db()
        refunds = Refund.objects.filter(order=order)
        paid_back = refunds.aggregate(total=Sum("amount"))["total"]
        assert (len(results), len(errors)) == (4, 4), f"round {round_no}"
        assert all(isinstance(error, ValidationFailed) for error in errors), errors
        assert paid_back == D("400.00")
        assert order.refunded_amount == D("350.00") + paid_back <= order.paid_amount
        assert RefundLine.objects.filter(refund__order=order).aggregate(total=Sum("amount"))["total"] == paid_back
        statuses = sorted(Case.objects.filter(order=order).values_list("status", flat=True))
        assert statuses == ["approved"] * 4 + ["refunded"] * 4


@pytest.mark.slow
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_eight_requests_with_one_idempotency_key_make_one_refund(store, make_staff, reason, eight_skus):
    specialist, clerk = make_staff("aftersales"), make_staff("order_clerk")
    for round_no in range(ROUNDS):
        # given one approved request for 100.00
        order = shipped_order(store, clerk, eight_skus, f"K{round_no}")
        line = order.lines.order_by("pk").first()
        case = case_create(
            by=specialist, order=order, type="refund_only", reason=reason("quality"), lines=[CaseLineInput(line.pk, 1)]
        )
        case_approve(by=specialist, case=case)
        # when the same refund request arrives eight times at once (a retried API call)
        results, errors = at_once(
            [functools.partial(refund_issue, by=specialist, case=case, idempotency_key=f"api-{round_no}")] * THREADS
        )
        # then one refund was made, and every call answered with it
        order.refresh_from_db()
        assert errors == [], f"round {round_no}: {errors}"
        [refund] = Refund.objects.filter(order=order)
        assert {result.pk for result in results if isinstance(result, Refund)} == {refund.pk}
        assert (refund.amount, order.refunded_amount) == (D("100.00"), D("100.00"))
        assert not [error for error in errors if isinstance(error, ServiceError)]


@pytest.mark.slow
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_deadline_rule_and_staff_on_the_same_order_at_once_do_not_deadlock(store, make_staff, reason, eight_skus):
    specialist, clerk = make_staff("aftersales"), make_staff("order_clerk")
    for round_no in range(ROUNDS * 2):
        # given a refund-only request left unanswered past its deadline
        order = shipped_order(store, clerk, eight_skus, f"D{round_no}")
        line = order.lines.order_by("pk").first()
        case = case_create(
            by=specialist,
            order=order,
            type="refund_only",
            reason=reason("quality"),
            lines=[CaseLineInput(line.pk, 1)],
            requested_at=timezone.now() - dt.timedelta(hours=49),
        )
        # when the deadline rule agrees it while the specialist takes it up and tries to refund it
        _results, errors = at_once(
            [
                case_agree_expired,
                functools.partial(case_review_start, by=specialist, case=case),
                functools.partial(refund_issue, by=specialist, case=case, idempotency_key=f"staff-{round_no}"),
            ]
        )
        # then whoever came second was told the case had moved on; nobody deadlocked
        assert all(isinstance(error, ConflictError) for error in errors), f"round {round_no}: {errors}"
        case.refresh_from_db()
        order.refresh_from_db()
        assert case.status in ("reviewing", "refunded"), f"round {round_no}"
        assert order.refunded_amount == (Refund.objects.filter(order=order).aggregate(t=Sum("amount"))["t"] or 0)


@pytest.mark.slow
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_replacements_of_one_order_made_at_once_get_their_own_numbers(store, make_staff, reason, eight_skus):
    specialist, clerk = make_staff("aftersales"), make_staff("order_clerk")
    for round_no in range(ROUNDS):
        # given four approved reissues, one per line, of one order
        order = shipped_order(store, clerk, eight_skus, f"R{round_no}")
        cases = []
        for line in list(order.lines.order_by("pk"))[:4]:
            case = case_create(
                by=specialist,
                order=order,
                type="reissue",
                reason=reason("missing_item"),
                lines=[CaseLineInput(line.pk, 1)],
            )
            cases.append(case_approve(by=specialist, case=case))
        # when all four are sent again at once
        _results, errors = at_once([functools.partial(case_replace, by=specialist, case=case) for case in cases])
        # then each has its own replacement order, numbered one after another
        assert errors == [], f"round {round_no}: {errors}"
        numbers = sorted(Order.objects.filter(replaces_case__in=cases).values_list("platform_order_id", flat=True))
        assert numbers == [f"R{round_no}-R{n}" for n in range(1, 5)]
