"""Refusals, steps out of order and people without the right: each refused call changes nothing and
writes no audit row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from zhanggui.aftersales.models import Case, CaseLine, Refund
from zhanggui.aftersales.services import (
    CaseLineInput,
    case_agree_expired,
    case_approve,
    case_close,
    case_create,
    case_inspect,
    case_receive,
    case_reject,
    case_replace,
    case_restock,
    case_return_ship,
    case_review_start,
    refund_issue,
)
from zhanggui.core.exceptions import ConflictError, NotFoundError, PermissionDeniedError, ValidationFailed
from zhanggui.core.models import AuditEvent
from zhanggui.orders.models import Order

D = Decimal
pytestmark = pytest.mark.django_db


def state() -> dict[str, Any]:
    """Everything a refused call must leave as it was."""
    return {
        "cases": list(Case.objects.order_by("pk").values_list("pk", "status", "refunded_amount", "assignee_id")),
        "refunds": Refund.objects.count(),
        "orders": list(Order.objects.order_by("pk").values_list("pk", "status", "refunded_amount")),
        "audit": AuditEvent.objects.count(),
    }


def refused(call: Callable[[], object], error: type[Exception], **match: str) -> Exception:
    before = state()
    with pytest.raises(error) as caught:
        call()
    assert state() == before
    for attribute, value in match.items():
        assert getattr(caught.value, attribute) == value
    return caught.value


@pytest.fixture
def shipped(make_order):  # type: ignore[no-untyped-def]
    return make_order(shipped=True)


@pytest.fixture
def open_case(by_line):  # type: ignore[no-untyped-def]
    """A return-and-refund request for the black line, not yet answered."""
    return by_line("return_refund", "TEE-BLK-L")


@pytest.fixture
def by_line(shipped, specialist, reason):  # type: ignore[no-untyped-def]
    def make(type_: str, code: str, reason_code: str = "quality"):  # type: ignore[no-untyped-def]
        line = shipped.lines.get(merchant_code=code)
        return case_create(
            by=specialist, order=shipped, type=type_, reason=reason(reason_code), lines=[CaseLineInput(line.pk, 1)]
        )

    return make


def inspected(case, specialist, result: str = "passed"):  # type: ignore[no-untyped-def]
    case_approve(by=specialist, case=case)
    case_return_ship(by=specialist, case=case, carrier="zto", tracking_no="75300000000001")
    case_receive(by=specialist, case=case)
    return case_inspect(by=specialist, case=case, result=result, note="吊牌已剪" if result == "failed" else "")


# --- refusing a request ----------------------------------------------------------------------


def test_a_refusal_needs_a_reason(open_case, specialist):
    error = refused(lambda: case_reject(by=specialist, case=open_case, reason="  "), ValidationFailed)
    assert error.errors[0].field == "reason"


def test_a_refused_request_records_why_and_may_be_reviewed_again(open_case, specialist):
    # when
    case_reject(by=specialist, case=open_case, reason="商品已超过七天无理由期限")
    # then
    open_case.refresh_from_db()
    assert (open_case.status, open_case.refusal_reason) == ("rejected", "商品已超过七天无理由期限")
    assert open_case.resolved_at is not None and open_case.due_at is None
    # and the buyer's appeal brings it back to review
    case_review_start(by=specialist, case=open_case)
    open_case.refresh_from_db()
    assert open_case.status == "reviewing"


def test_a_refused_request_reviewed_again_gets_a_fresh_deadline(open_case, specialist):
    # given a request refused three days after it was made: its 48 hours have lapsed
    Case.objects.filter(pk=open_case.pk).update(
        requested_at=timezone.now() - dt.timedelta(days=3), respond_by=timezone.now() - dt.timedelta(days=1)
    )
    case_reject(by=specialist, case=open_case, reason="请提供质量问题照片")
    # when the buyer appeals with photos and it is reviewed again
    case_review_start(by=specialist, case=open_case)
    # then the shop has 48 hours again, so the deadline rule does not agree it at once
    open_case.refresh_from_db()
    assert open_case.status == "reviewing"
    assert timezone.now() + dt.timedelta(hours=47) < open_case.respond_by == open_case.due_at
    assert case_agree_expired() == 0


def test_a_refused_request_is_not_reviewed_again_once_its_goods_are_in_another_case(open_case, by_line, specialist):
    # given a refused request, and a new one for the same line
    case_reject(by=specialist, case=open_case, reason="请提供质量问题照片")
    by_line("refund_only", "TEE-BLK-L")
    # when the old one is taken up again: two open cases would ask for one line
    refused(lambda: case_review_start(by=specialist, case=open_case), ConflictError, code="lines_taken")


def test_goods_that_failed_inspection_are_refused_not_refunded_or_restocked(open_case, specialist, goods):
    case = inspected(open_case, specialist, result="failed")
    refused(
        lambda: refund_issue(by=specialist, case=case, idempotency_key="k"),
        ConflictError,
        code="inspection_failed",
    )
    refused(lambda: case_restock(by=specialist, case=case, warehouse=goods.returns), ConflictError, code="not_sellable")
    case_reject(by=specialist, case=case, reason="吊牌已剪，影响二次销售")
    case.refresh_from_db()
    assert case.status == "rejected"


def test_goods_that_passed_inspection_cannot_be_refused(open_case, specialist):
    case = inspected(open_case, specialist)
    refused(lambda: case_reject(by=specialist, case=case, reason="不同意"), ConflictError, code="inspection_passed")


def test_a_failed_inspection_needs_a_note(open_case, specialist):
    case_approve(by=specialist, case=open_case)
    case_return_ship(by=specialist, case=open_case, carrier="zto", tracking_no="75300000000001")
    case_receive(by=specialist, case=open_case)
    error = refused(lambda: case_inspect(by=specialist, case=open_case, result="failed"), ValidationFailed)
    assert error.errors[0].field == "note"


def test_an_item_in_for_repair_is_never_restocked(by_line, specialist, goods):
    case = inspected(by_line("repair", "TEE-BLK-L", "faulty"), specialist)
    refused(lambda: case_restock(by=specialist, case=case, warehouse=goods.returns), ConflictError, code="repair")


def test_an_exchange_that_failed_inspection_gets_no_replacement(by_line, specialist, goods):
    case = inspected(by_line("exchange", "TEE-WHT-M", "size"), specialist, result="failed")
    refused(lambda: case_replace(by=specialist, case=case), ConflictError, code="inspection_failed")


# --- steps out of order ----------------------------------------------------------------------


def test_answering_twice_is_a_conflict(open_case, specialist):
    case_approve(by=specialist, case=open_case)
    refused(lambda: case_approve(by=specialist, case=open_case), ConflictError, code="answered")


@pytest.mark.parametrize(
    "step",
    [
        lambda by, case: case_receive(by=by, case=case),
        lambda by, case: case_inspect(by=by, case=case, result="passed"),
        lambda by, case: case_replace(by=by, case=case),
        lambda by, case: refund_issue(by=by, case=case, idempotency_key="k"),
        lambda by, case: case_return_ship(by=by, case=case, carrier="zto", tracking_no="75300000000001"),
    ],
    ids=["receive", "inspect", "replace", "refund", "return_ship"],
)
def test_a_step_out_of_order_is_a_conflict_and_writes_nothing(open_case, specialist, step):
    refused(lambda: step(specialist, open_case), ConflictError)


def test_a_return_is_not_refunded_before_its_goods_are_inspected(open_case, specialist):
    case_approve(by=specialist, case=open_case)
    case_return_ship(by=specialist, case=open_case, carrier="zto", tracking_no="75300000000001")
    refused(lambda: refund_issue(by=specialist, case=open_case, idempotency_key="k"), ConflictError, code="not_ready")
    case_receive(by=specialist, case=open_case)
    refused(lambda: refund_issue(by=specialist, case=open_case, idempotency_key="k"), ConflictError, code="not_ready")


def test_goods_on_their_way_back_cannot_be_withdrawn(open_case, specialist):
    case_approve(by=specialist, case=open_case)
    case_return_ship(by=specialist, case=open_case, carrier="zto", tracking_no="75300000000001")
    case_receive(by=specialist, case=open_case)
    refused(lambda: case_close(by=specialist, case=open_case, note="买家撤销"), ConflictError, code="in_progress")


def test_withdrawing_an_open_request_needs_a_note(open_case, specialist):
    error = refused(lambda: case_close(by=specialist, case=open_case), ValidationFailed)
    assert error.errors[0].field == "note"
    case_close(by=specialist, case=open_case, note="买家撤销申请")
    open_case.refresh_from_db()
    assert (open_case.status, open_case.close_note) == ("closed", "买家撤销申请")


def test_a_closed_case_takes_no_more_steps(open_case, specialist):
    case_close(by=specialist, case=open_case, note="买家撤销申请")
    refused(lambda: case_approve(by=specialist, case=open_case), ConflictError)
    refused(lambda: case_review_start(by=specialist, case=open_case), ConflictError, code="invalid_transition")


def test_a_line_in_an_open_case_cannot_be_asked_for_again(open_case, by_line):
    error = refused(lambda: by_line("refund_only", "TEE-BLK-L"), ValidationFailed)
    assert error.errors[0].field == "lines.0.order_line_id"


def test_an_idempotency_key_used_for_another_amount_is_a_conflict(by_line, specialist):
    case = by_line("refund_only", "TEE-BLK-L")
    case_approve(by=specialist, case=case)
    refund_issue(by=specialist, case=case, idempotency_key="k", amount=D("50.00"))
    refused(
        lambda: refund_issue(by=specialist, case=case, idempotency_key="k", amount=D("60.00")),
        ConflictError,
        code="idempotency_conflict",
    )


def test_an_unpaid_order_has_nothing_to_return(make_order, specialist, reason):
    order = make_order("U1", status="pending_payment", paid_amount=D("0.00"))
    refused(
        lambda: case_create(by=specialist, order=order, type="refund_only", reason=reason("quality")),
        ConflictError,
        code="not_paid",
    )


@pytest.mark.parametrize("type_", ["return_refund", "exchange", "reissue", "repair"])
def test_goods_of_an_order_not_shipped_cannot_come_back_or_go_out_again(make_order, specialist, reason, type_):
    order = make_order()
    line = order.lines.get(merchant_code="TEE-BLK-L")
    refused(
        lambda: case_create(
            by=specialist, order=order, type=type_, reason=reason("quality"), lines=[CaseLineInput(line.pk, 1)]
        ),
        ConflictError,
        code="not_shipped",
    )


def test_a_refund_request_with_nothing_left_to_refund_is_refused(make_order, specialist, reason):
    # given an order refunded in full before shipment (closed)
    order = make_order()
    case = case_create(by=specialist, order=order, type="refund_only", reason=reason("changed_mind"))
    case_approve(by=specialist, case=case)
    refund_issue(by=specialist, case=case, idempotency_key="k")
    order.refresh_from_db()
    assert order.status == "closed"
    # when another refund is asked for
    error = refused(
        lambda: case_create(by=specialist, order=order, type="refund_only", reason=reason("quality")),
        ValidationFailed,
    )
    # then
    assert error.errors[0].field == "lines"


# --- who may do what -------------------------------------------------------------------------


def test_an_agent_opens_cases_but_cannot_decide_or_refund_them(by_line, agent, specialist):
    # given a refund-only request an agent opened
    case = by_line("refund_only", "TEE-BLK-L")
    # then the agent may not answer it
    refused(lambda: case_approve(by=agent, case=case), PermissionDeniedError)
    refused(lambda: case_reject(by=agent, case=case, reason="不同意"), PermissionDeniedError)
    refused(lambda: case_review_start(by=agent, case=case), PermissionDeniedError)
    # nor refund it once approved
    case_approve(by=specialist, case=case)
    refused(lambda: refund_issue(by=agent, case=case, idempotency_key="k"), PermissionDeniedError)
    assert CaseLine.objects.filter(case=case).count() == 1


def test_a_lead_decides_but_does_not_pay_money_back(by_line, make_staff):
    lead = make_staff("cs_lead")
    case = by_line("refund_only", "TEE-BLK-L")
    case_approve(by=lead, case=case)
    refused(lambda: refund_issue(by=lead, case=case, idempotency_key="k"), PermissionDeniedError)


def test_a_specialist_of_another_store_does_not_see_the_case(open_case, make_staff, other_store):
    outsider = make_staff("aftersales", stores=[other_store])
    refused(lambda: case_approve(by=outsider, case=open_case), NotFoundError)
    refused(lambda: refund_issue(by=outsider, case=open_case, idempotency_key="k"), NotFoundError)


def test_an_analyst_cannot_open_a_case(shipped, make_staff, reason):
    analyst = make_staff("analyst")
    refused(
        lambda: case_create(by=analyst, order=shipped, type="refund_only", reason=reason("quality")),
        PermissionDeniedError,
    )
