"""Decisions taken by rules: the store's automatic approval, the platform's deadline, closing resolved cases."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from zhanggui.aftersales.models import AftersalesSettings, Case, Refund
from zhanggui.aftersales.services import (
    CaseLineInput,
    case_agree_expired,
    case_approve,
    case_close_resolved_expired,
    case_create,
    case_reject,
    refund_issue,
)
from zhanggui.core.exceptions import ValidationFailed
from zhanggui.core.models import AuditEvent
from zhanggui.orders.models import BlacklistEntry
from zhanggui.orders.services import RefundReport, order_refunds_record

D = Decimal
pytestmark = pytest.mark.django_db


@pytest.fixture
def auto_up_to_100(store):  # type: ignore[no-untyped-def]
    return AftersalesSettings.objects.create(store=store, auto_approve_max_amount=D("100.00"))


def ask_black(by, order, reason, *, code: str = "not_received", **kwargs):  # type: ignore[no-untyped-def]
    """A refund-only request for the black line (92.43)."""
    black = order.lines.get(merchant_code="TEE-BLK-L")
    return case_create(
        by=by,
        order=order,
        type="refund_only",
        reason=reason(code),
        lines=[CaseLineInput(black.pk, 1)],
        **kwargs,
    )


def events(case, action: str) -> list[AuditEvent]:  # type: ignore[no-untyped-def]
    return list(AuditEvent.objects.filter(object_type="aftersales.case", object_id=str(case.pk), action=action))


def test_a_small_refund_request_is_approved_and_refunded_by_the_rule(make_order, agent, reason, auto_up_to_100):
    # given a store approving refund-only requests up to 100.00, and a shipped order
    order = make_order(shipped=True)
    # when an agent opens a request for 92.43
    case = ask_black(agent, order, reason)
    # then the rule approved and refunded it, and one approval row says which rule and what it checked
    case.refresh_from_db()
    refund = Refund.objects.get(case=case)
    assert (case.status, case.decision_rule, case.decided_by_id) == ("refunded", "auto_small_refund", None)
    assert (refund.amount, refund.rule, refund.idempotency_key) == (D("92.43"), "auto_small_refund", f"auto-{case.pk}")
    [approval] = events(case, "aftersales.case.approve")
    assert approval.actor_id is None
    assert approval.after["rule"] == "auto_small_refund"
    assert approval.after["auto_rule"] == {
        "rule": "auto_small_refund",
        "max_amount": "100.00",
        "refund": "92.43",
        "buyer_cases_90_days": 0,
        "max_buyer_cases": 2,
    }
    assert events(case, "aftersales.case.refund")[0].after["rule"] == "auto_small_refund"


def test_a_request_above_the_amount_waits_for_staff(make_order, agent, reason, auto_up_to_100):
    order = make_order(shipped=True)
    white = order.lines.get(merchant_code="TEE-WHT-M")
    case = case_create(
        by=agent, order=order, type="refund_only", reason=reason("quality"), lines=[CaseLineInput(white.pk, 2)]
    )
    case.refresh_from_db()
    assert (case.status, case.requested_amount) == ("requested", D("184.87"))
    assert events(case, "aftersales.case.approve") == []


def test_only_refund_only_requests_are_approved_by_the_rule(make_order, agent, reason, auto_up_to_100):
    order = make_order(shipped=True)
    black = order.lines.get(merchant_code="TEE-BLK-L")
    case = case_create(
        by=agent, order=order, type="return_refund", reason=reason("size"), lines=[CaseLineInput(black.pk, 1)]
    )
    case.refresh_from_db()
    assert case.status == "requested"


@pytest.mark.parametrize(("earlier_cases", "status"), [(2, "refunded"), (3, "requested")])
def test_a_buyer_with_many_recent_cases_waits_for_staff(
    make_order, agent, reason, auto_up_to_100, earlier_cases, status
):
    # given the buyer opened cases on other orders within 90 days (the rule allows 2)
    for n in range(earlier_cases):
        earlier = make_order(f"E{n}", shipped=True)
        white = earlier.lines.get(merchant_code="TEE-WHT-M")
        case_create(
            by=agent, order=earlier, type="refund_only", reason=reason("quality"), lines=[CaseLineInput(white.pk, 2)]
        )
    # when they ask for a small refund on another order
    case = ask_black(agent, make_order("T9", shipped=True), reason)
    # then
    case.refresh_from_db()
    assert case.status == status


def test_a_blacklisted_buyer_waits_for_staff(make_order, agent, reason, auto_up_to_100, make_staff, store):
    # given the buyer of a shipped order was then put on the store's blacklist
    order = make_order(shipped=True)
    BlacklistEntry.objects.create(store=store, nickname="tb_小王", reason="恶意退款", created_by=make_staff("manager"))
    # when
    case = ask_black(agent, order, reason)
    # then
    case.refresh_from_db()
    assert case.status == "requested"
    assert Refund.objects.count() == 0


def test_a_request_for_more_than_the_order_has_left_is_refused(make_order, agent, reason, auto_up_to_100, store):
    # given the platform already refunded 250.00 of the 287.30 (reported without lines): 37.30 is left
    order = make_order(shipped=True)
    order_refunds_record(
        by=None,
        store=store,
        refunds=[RefundReport(order.platform_order_id, D("250.00"), timezone.now(), ("C1",))],
    )
    # when the buyer asks for the black line back (92.43)
    with pytest.raises(ValidationFailed) as error:
        ask_black(agent, order, reason)
    # then the request is refused, naming what is left, and nothing was written
    assert [(e.field, e.message) for e in error.value.errors] == [
        ("lines", "At most 37.30 of this order can still be refunded.")
    ]
    assert (Case.objects.count(), Refund.objects.count()) == (0, 0)


def test_requests_past_the_deadline_are_agreed_as_the_platform_does(make_order, specialist, reason):
    # given three requests: two left unanswered past their 48 hours, one still within them
    now = timezone.now()
    late = now - dt.timedelta(hours=49)
    refund_only = ask_black(specialist, make_order("T1", shipped=True), reason, requested_at=late)
    white = make_order("T2", shipped=True).lines.get(merchant_code="TEE-WHT-M")
    returning = case_create(
        by=specialist,
        order=white.order,
        type="return_refund",
        reason=reason("size"),
        lines=[CaseLineInput(white.pk, 1)],
        requested_at=late,
    )
    fresh = ask_black(specialist, make_order("T3", shipped=True), reason, requested_at=now - dt.timedelta(hours=47))
    # when
    agreed = case_agree_expired(now=now)
    # then the refund-only request is refunded, the return waits for the goods, the fresh one is untouched
    assert agreed == 2
    refund_only.refresh_from_db()
    returning.refresh_from_db()
    fresh.refresh_from_db()
    assert (refund_only.status, refund_only.decision_rule) == ("refunded", "platform_deadline")
    assert Refund.objects.get(case=refund_only).idempotency_key == f"deadline-{refund_only.pk}"
    assert (returning.status, returning.decision_rule) == ("awaiting_return", "platform_deadline")
    assert fresh.status == "requested"
    assert events(returning, "aftersales.case.approve")[0].actor_id is None
    # and a second run agrees nothing more
    assert case_agree_expired(now=now) == 0


def test_a_deadline_refund_that_no_longer_fits_does_not_stop_the_others(make_order, specialist, reason, store):
    # given two expired requests; the first one's order was meanwhile refunded on the platform
    late = timezone.now() - dt.timedelta(hours=50)
    blocked = ask_black(specialist, make_order("T1", shipped=True), reason, requested_at=late)
    order_refunds_record(
        by=None,
        store=store,
        refunds=[RefundReport("T1", D("250.00"), timezone.now(), ("C1",))],
    )
    other = ask_black(specialist, make_order("T2", shipped=True), reason, requested_at=late + dt.timedelta(hours=1))
    # when
    agreed = case_agree_expired()
    # then both are agreed; the one that cannot be refunded waits for staff to settle it
    blocked.refresh_from_db()
    other.refresh_from_db()
    assert agreed == 2
    assert (blocked.status, other.status) == ("approved", "refunded")
    assert not Refund.objects.filter(case=blocked).exists()


def test_resolved_and_refused_cases_close_after_seven_days(make_order, specialist, reason):
    # given a refunded case and a refused one, resolved now, and a request still open
    refunded = ask_black(specialist, make_order("T1", shipped=True), reason)
    case_approve(by=specialist, case=refunded)
    refund_issue(by=specialist, case=refunded, idempotency_key="k")
    refused = ask_black(specialist, make_order("T2", shipped=True), reason)
    case_reject(by=specialist, case=refused, reason="物流显示已签收")
    still_open = ask_black(specialist, make_order("T3", shipped=True), reason)
    # when the task runs six days on, then eight days on
    assert case_close_resolved_expired(now=timezone.now() + dt.timedelta(days=6)) == 0
    closed = case_close_resolved_expired(now=timezone.now() + dt.timedelta(days=8))
    # then
    assert closed == 2
    statuses = dict(Case.objects.values_list("pk", "status"))
    assert statuses == {refunded.pk: "closed", refused.pk: "closed", still_open.pk: "requested"}
    assert events(refunded, "aftersales.case.close")[0].actor_id is None
