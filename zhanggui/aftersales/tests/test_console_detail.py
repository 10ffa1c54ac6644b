"""A case's page and the actions on it, through the console."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from zhanggui.aftersales.models import Case, Refund
from zhanggui.aftersales.services import (
    case_approve,
    case_inspect,
    case_receive,
    case_return_ship,
)
from zhanggui.catalog.models import Stock
from zhanggui.core.models import AuditEvent
from zhanggui.orders.models import Order

D = Decimal
pytestmark = pytest.mark.django_db


@pytest.fixture
def console(specialist, english_client_for):  # type: ignore[no-untyped-def]
    return english_client_for(specialist)


def page(case: Case) -> str:
    return reverse("aftersales:case_detail", args=[case.pk])


def act(case: Case, name: str) -> str:
    return reverse(f"aftersales:case_{name}", args=[case.pk])


def inspected(make_case, specialist) -> Case:  # type: ignore[no-untyped-def]
    """A return of the 黑色 L line, back at the warehouse and passed on inspection."""
    case = make_case("T1")
    case_approve(by=specialist, case=case)
    case_return_ship(by=specialist, case=case, carrier="ZTO", tracking_no="75300000000001")
    case_receive(by=specialist, case=case)
    case_inspect(by=specialist, case=case, result="passed")
    return case


def test_case_page_shows_lines_money_and_the_forms_of_its_status(make_case, console):
    # given a new return request for the 黑色 L line (its share of the discounted payment: 92.43)
    case = make_case("T1")
    # when the specialist opens it
    response = console.get(page(case))
    html = response.content.decode()
    # then the line, its paid share and refundable amount, and the order's money are there
    assert response.status_code == 200
    [(line, money)] = response.context["lines"]
    assert (line.quantity, line.amount, money.paid_share, money.refundable) == (1, D("92.43"), D("92.43"), D("92.43"))
    assert response.context["funds"].refundable == D("287.30")
    assert "TEE-BLK-L" in html and 'id="case-order"' in html
    # and exactly the forms a new request allows a specialist
    offered = sorted(name for name, allowed in response.context["actions"].items() if allowed)
    assert offered == ["approve", "assign", "close", "reject", "review"]
    assert 'id="case-approve"' in html and 'id="case-refund"' not in html


def test_specialist_takes_a_request_through_to_its_refund(make_case, console, specialist, goods):
    case = make_case("T1")
    # when the specialist starts the review and agrees
    assert console.post(act(case, "review")).status_code == 302
    assert console.post(act(case, "approve"), {"approve-note": "同意退货"}).status_code == 302
    # and records the buyer's waybill, the receipt and a passed inspection
    waybill = {"return_ship-carrier": "ZTO", "return_ship-tracking_no": "7530 0000 0000 01"}
    assert console.post(act(case, "return_ship"), waybill).status_code == 302
    assert console.post(act(case, "receive"), {}).status_code == 302
    assert (
        console.post(act(case, "inspect"), {"inspect-result": "passed", "inspect-note": "吊牌完好"}).status_code == 302
    )
    # and puts the unit back into the returns warehouse, then refunds what the buyer asked
    assert console.post(act(case, "restock"), {"restock-warehouse": goods.returns.pk}).status_code == 302
    refund_form = console.get(page(case)).context["forms"]["refund"]
    assert refund_form.initial["amount"] == D("92.43")
    key = refund_form.initial["idempotency_key"]
    assert key.startswith("console-")
    response = console.post(act(case, "refund"), {"refund-amount": "92.43", "refund-idempotency_key": key}, follow=True)
    # then the case is refunded, the order shows it, and the unit is on the returns shelf
    case.refresh_from_db()
    assert (case.status, case.refunded_amount, case.assignee_id) == ("refunded", D("92.43"), specialist.pk)
    assert (case.return_carrier, case.return_tracking_no, case.inspection_note) == ("ZTO", "75300000000001", "吊牌完好")
    assert Order.objects.get(pk=case.order_id).refunded_amount == D("92.43")
    assert Stock.objects.get(sku=goods.black, warehouse=goods.returns).on_hand == 1
    assert [str(m) for m in response.context["messages"]] == [f"Case {case.number} refunded."]
    # and the timeline reads every step, the order's refund among them
    labels = [entry.label for entry in response.context["timeline"]]
    assert labels == [
        "Create after-sales case",
        "Start reviewing after-sales case",
        "Approve after-sales case",
        "Record return tracking number",
        "Receive returned goods",
        "Inspect returned goods",
        "Restock returned goods",
        "Refund order (after-sales)",
        "Refund after-sales case",
    ]
    timeline = response.context["timeline"]
    assert timeline[0].changes == [
        ("Order", None, "T1"),
        ("Type", None, "Return and refund"),
        ("Source", None, "Staff"),
        ("Reason", None, "尺码不合适"),
        ("Requested amount", None, "92.43"),
    ]
    assert timeline[2].reason == "同意退货"
    assert timeline[2].changes == [("Status", "Reviewing", "Awaiting return")]
    assert timeline[3].changes == [
        ("Return carrier", "—", "ZTO Express"),
        ("Return tracking number", "—", "75300000000001"),
    ]
    assert timeline[7].changes == [("Refunded amount", "0.00", "92.43"), ("Refund", None, "92.43")]


def test_pressing_refund_twice_with_the_page_key_refunds_once(make_case, console, specialist):
    case = inspected(make_case, specialist)
    key = console.get(page(case)).context["forms"]["refund"].initial["idempotency_key"]
    data = {"refund-amount": "92.43", "refund-idempotency_key": key}
    assert console.post(act(case, "refund"), data).status_code == 302
    # the second press (the button pressed again before the page changed) answers the same refund
    second = console.post(act(case, "refund"), data)
    assert second.status_code == 302
    assert Refund.objects.count() == 1
    assert Order.objects.get(pk=case.order_id).refunded_amount == D("92.43")


def test_refund_above_the_request_shows_the_error_on_the_amount(make_case, console, specialist):
    case = inspected(make_case, specialist)
    response = console.post(act(case, "refund"), {"refund-amount": "100.00", "refund-idempotency_key": "console-x"})
    assert response.status_code == 422
    assert response.context["forms"]["refund"].errors["amount"] == ["The buyer asked for 92.43; refund at most that."]
    assert Refund.objects.count() == 0


def test_an_agent_may_not_refund_and_nothing_changes(make_case, specialist, agent, english_client_for):
    # given a case ready for its refund, and a customer-service agent (no aftersales.refund)
    case = inspected(make_case, specialist)
    audit_rows = AuditEvent.objects.count()
    client = english_client_for(agent)
    # then the page offers no refund form, and posting one is refused
    assert client.get(page(case)).context["actions"]["refund"] is False
    response = client.post(act(case, "refund"), {"refund-amount": "92.43", "refund-idempotency_key": "console-a"})
    assert response.status_code == 403
    # and nothing changed: no refund, no audit row, the order's refunded amount as it was
    case.refresh_from_db()
    assert case.status == "inspected"
    assert Refund.objects.count() == 0
    assert AuditEvent.objects.count() == audit_rows
    assert Order.objects.get(pk=case.order_id).refunded_amount == D("0.00")


def test_action_posts_need_the_csrf_token(make_case, specialist):
    case = inspected(make_case, specialist)
    client = Client(enforce_csrf_checks=True)
    client.force_login(specialist, backend="django.contrib.auth.backends.ModelBackend")
    response = client.post(act(case, "refund"), {"refund-amount": "92.43", "refund-idempotency_key": "console-c"})
    assert response.status_code == 403
    assert Refund.objects.count() == 0


def test_refuse_from_the_page_needs_a_reason_and_keeps_the_request(make_case, console):
    case = make_case("T1")
    response = console.post(act(case, "reject"), {"reject-refusal": "other", "reject-detail": ""})
    assert response.status_code == 422
    assert response.context["forms"]["reject"].errors["detail"] == ["Say why the request is refused."]
    case.refresh_from_db()
    assert case.status == "requested"
    response = console.post(act(case, "reject"), {"reject-refusal": "other", "reject-detail": "已超过七天"})
    case.refresh_from_db()
    assert (response.status_code, case.status, case.refusal_reason) == (302, "rejected", "已超过七天")


def test_failed_inspection_offers_refusal_not_refund(make_case, console, specialist):
    case = make_case("T1")
    case_approve(by=specialist, case=case)
    case_receive(by=specialist, case=case)
    response = console.post(act(case, "inspect"), {"inspect-result": "failed", "inspect-note": "已洗过"})
    assert response.status_code == 302
    actions = console.get(page(case)).context["actions"]
    assert (actions["reject"], actions["refund"], actions["restock"]) == (True, False, False)


def test_reissue_creates_its_replacement_order_from_the_page(make_case, console, specialist):
    case = make_case("T1", type="reissue", code="missing_item")
    case_approve(by=specialist, case=case)
    response = console.post(act(case, "replace"), {}, follow=True)
    case.refresh_from_db()
    assert case.status == "reissued"
    assert case.replacement_order is not None
    assert f'id="case-replacement">{case.replacement_order.platform_order_id}<' in response.content.decode()


def test_repair_goes_out_and_comes_back_with_its_waybill(make_case, console, specialist):
    case = make_case("T1", type="repair", code="faulty")
    case_approve(by=specialist, case=case)
    case_receive(by=specialist, case=case)
    case_inspect(by=specialist, case=case, result="passed")
    assert console.post(act(case, "repair_send"), {"repair_send-note": "寄厂家"}).status_code == 302
    waybill = {"repair_return-carrier": "SF", "repair_return-tracking_no": "SF1234567890123"}
    assert console.post(act(case, "repair_return"), waybill).status_code == 302
    case.refresh_from_db()
    assert (case.status, case.outbound_carrier, case.outbound_tracking_no) == ("repaired", "SF", "SF1234567890123")
    assert case.repair_sent_at is not None


def test_assign_and_close_a_withdrawn_request(make_case, console, make_staff):
    case = make_case("T1")
    colleague = make_staff("aftersales", display_name="小李")
    assert console.post(act(case, "assign"), {"assign-assignee": colleague.pk}).status_code == 302
    response = console.post(act(case, "close"), {"close-note": ""})
    assert response.status_code == 422
    assert response.context["forms"]["close"].errors["note"] == [
        "Say why the open request is closed (for example, withdrawn by the buyer)."
    ]
    assert console.post(act(case, "close"), {"close-note": "买家撤销"}).status_code == 302
    case.refresh_from_db()
    assert (case.status, case.assignee_id, case.close_note) == ("closed", colleague.pk, "买家撤销")


def test_refund_only_is_refunded_from_the_page_after_agreeing(make_order, console, specialist, reason):
    from zhanggui.aftersales.services import case_create

    order = make_order("T1")  # paid, not shipped: the whole order is refunded and closed
    case = case_create(by=specialist, order=order, type="refund_only", reason=reason("changed_mind"))
    console.post(act(case, "approve"), {})
    form = console.get(page(case)).context["forms"]["refund"]
    data = {"refund-amount": str(form.initial["amount"]), "refund-idempotency_key": form.initial["idempotency_key"]}
    assert console.post(act(case, "refund"), data).status_code == 302
    order.refresh_from_db()
    assert (order.refunded_amount, order.status) == (D("287.30"), "closed")


def test_timeline_reads_in_chinese_without_ambiguous_field_names(make_case, specialist):
    from django.utils import translation

    from zhanggui.aftersales.selectors import case_timeline

    case = make_case("T1")
    with translation.override("zh-hans"):
        [created] = case_timeline(user=specialist, case=case)
        assert (created.label, created.changes[0]) == ("新建售后单", ("订单", None, "T1"))
