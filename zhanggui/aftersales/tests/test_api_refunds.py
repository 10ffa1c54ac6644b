"""Refunds through the API: once per Idempotency-Key (required), only with ``aftersales.refund``, never
more than a line can pay back; and the refund's answer."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from zhanggui.aftersales.models import Refund
from zhanggui.aftersales.services import CaseLineInput, case_approve, case_create
from zhanggui.core.api import api as ninja_api
from zhanggui.orders.services import order_upsert

from .conftest import order_data

D = Decimal
pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(make_order, specialist, reason):  # type: ignore[no-untyped-def]
    """An approved refund-only request for the black line (92.43) of a shipped order."""
    order = make_order(shipped=True)
    black = order.lines.get(merchant_code="TEE-BLK-L")
    case = case_create(
        by=specialist,
        order=order,
        type="refund_only",
        reason=reason("quality"),
        lines=[CaseLineInput(order_line_id=black.pk, quantity=1)],
    )
    return case_approve(by=specialist, case=case)


def refund_rows(case):  # type: ignore[no-untyped-def]
    return list(Refund.objects.filter(case=case).values_list("amount", "shipping_amount", "idempotency_key"))


def test_a_refund_pays_the_line_back_once(approved, specialist, api, audit_rows):  # type: ignore[no-untyped-def]
    # given an approved refund-only case and the specialist's token
    caller = api(specialist)
    before = len(audit_rows())
    # when the refund is sent, then sent again with the same key
    first = caller.post(f"/cases/{approved.pk}/refund", {}, **{"Idempotency-Key": "rf-1"})
    again = caller.post(f"/cases/{approved.pk}/refund", {}, **{"Idempotency-Key": "rf-1"})
    # then the buyer got the line's share back once, and the second answer is the first one
    refund = Refund.objects.get()
    assert first == (
        200,
        {
            "id": refund.pk,
            "case_id": approved.pk,
            "order_id": approved.order_id,
            "amount": "92.43",
            "goods_amount": "92.43",
            "shipping_amount": "0.00",
            "issued_at": first[1]["issued_at"],
            "issued_by_id": specialist.pk,
            "rule": "",
            "lines": [{"order_line_id": approved.lines.get().order_line_id, "amount": "92.43"}],
        },
    )
    assert again == first
    assert caller.last["Idempotent-Replayed"] == "true"
    approved.refresh_from_db()
    approved.order.refresh_from_db()
    assert (approved.status, approved.refunded_amount, approved.order.refunded_amount) == (
        "refunded",
        D("92.43"),
        D("92.43"),
    )
    assert [row.action for row in audit_rows()[before:]] == ["aftersales.case.refund"]


def test_the_same_key_from_another_caller_answers_the_same_refund(approved, specialist, make_staff, api):  # type: ignore[no-untyped-def]
    # given a refund made with key rf-1 by the specialist
    first = api(specialist).post(f"/cases/{approved.pk}/refund", {}, **{"Idempotency-Key": "rf-1"})
    # when a manager (another caller: the stored answers are per caller) sends the same refund, and
    # a second manager sends the same key for another amount
    manager = api(make_staff("manager"))
    same = manager.post(f"/cases/{approved.pk}/refund", {}, **{"Idempotency-Key": "rf-1"})
    other = api(make_staff("manager")).post(
        f"/cases/{approved.pk}/refund", {"amount": "50.00"}, **{"Idempotency-Key": "rf-1"}
    )
    # then the service answers the refund it made, and refuses to reuse the key for another one
    assert same == first
    assert "Idempotent-Replayed" not in manager.last
    assert other == (
        409,
        {"code": "idempotency_conflict", "message": "This idempotency key was used for another refund.", "errors": []},
    )
    assert refund_rows(approved) == [(D("92.43"), D("0.00"), "rf-1")]


def test_a_refund_without_an_idempotency_key_is_refused(approved, specialist, api, audit_rows):  # type: ignore[no-untyped-def]
    # given an approved case
    before = len(audit_rows())
    caller = api(specialist)
    # when the refund comes without the header, with a blank one, or with one too long to keep
    missing = caller.post(f"/cases/{approved.pk}/refund", {})
    blank = caller.post(f"/cases/{approved.pk}/refund", {}, **{"Idempotency-Key": "  "})
    too_long = caller.post(f"/cases/{approved.pk}/refund", {}, **{"Idempotency-Key": "k" * 121})
    # then each is a 400 naming the header, and nothing was paid
    message = "Send an Idempotency-Key header: a refund is paid once per key."
    assert missing == (
        400,
        {
            "code": "idempotency_key_required",
            "message": message,
            "errors": [{"field": "Idempotency-Key", "message": message}],
        },
    )
    assert blank == missing
    assert too_long[0] == 400
    assert too_long[1]["errors"] == [
        {"field": "Idempotency-Key", "message": "Use an Idempotency-Key of at most 120 characters."}
    ]
    approved.order.refresh_from_db()
    assert (refund_rows(approved), len(audit_rows()), approved.order.refunded_amount) == ([], before, D("0.00"))


def test_an_agent_may_not_refund(approved, agent, api, audit_rows):  # type: ignore[no-untyped-def]
    # given a customer-service agent: opens cases (aftersales.create) but may not refund
    before = len(audit_rows())
    # when the agent sends the refund
    status, body = api(agent).post(f"/cases/{approved.pk}/refund", {}, **{"Idempotency-Key": "rf-1"})
    # then it is forbidden: no refund, no audit row, the order's refunded total unchanged
    assert (status, body) == (
        403,
        {"code": "forbidden", "message": "You do not have permission to do this.", "errors": []},
    )
    approved.refresh_from_db()
    approved.order.refresh_from_db()
    assert (Refund.objects.count(), len(audit_rows()), approved.order.refunded_amount) == (0, before, D("0.00"))
    assert approved.status == "approved"


def test_a_refund_names_what_is_wrong(approved, make_order, specialist, reason, api, other_store, make_staff):  # type: ignore[no-untyped-def]
    # given an approved case, a case still waiting for an answer, and a case of another store
    caller = api(specialist)
    waiting = case_create(by=specialist, order=make_order("T2"), type="refund_only", reason=reason("changed_mind"))
    stranger = make_staff("aftersales", stores=[other_store])
    elsewhere, _outcome = order_upsert(by=None, store=other_store, data=order_data("X1"))
    foreign = case_create(by=stranger, order=elsewhere, type="refund_only", reason=reason("changed_mind"))
    case_approve(by=stranger, case=foreign)
    key = {"Idempotency-Key": "rf-9"}
    # when refunds are asked for too much, for an unanswered case and for another store's case
    too_much = caller.post(f"/cases/{approved.pk}/refund", {"amount": "100.00"}, **key)
    zero = caller.post(f"/cases/{approved.pk}/refund", {"amount": "0.00"}, **{"Idempotency-Key": "rf-10"})
    not_ready = caller.post(f"/cases/{waiting.pk}/refund", {}, **{"Idempotency-Key": "rf-11"})
    foreign_answer = caller.post(f"/cases/{foreign.pk}/refund", {}, **{"Idempotency-Key": "rf-12"})
    # then each is refused with its reason, and nothing was paid
    assert too_much == (
        422,
        {
            "code": "invalid",
            "message": "The buyer asked for 92.43; refund at most that.",
            "errors": [{"field": "amount", "message": "The buyer asked for 92.43; refund at most that."}],
        },
    )
    assert (zero[0], [error["field"] for error in zero[1]["errors"]]) == (422, ["amount"])
    assert not_ready == (
        409,
        {"code": "not_ready", "message": f"After-sales case {waiting.number} is not ready for a refund.", "errors": []},
    )
    assert foreign_answer[0] == 404
    assert Refund.objects.count() == 0


def test_a_partial_refund_leaves_the_rest_refundable(approved, specialist, api):  # type: ignore[no-untyped-def]
    # given an approved case for 92.43
    caller = api(specialist)
    # when 50.00 of it is refunded
    status, body = caller.post(f"/cases/{approved.pk}/refund", {"amount": "50.00"}, **{"Idempotency-Key": "rf-1"})
    money = caller.get(f"/orders/{approved.order_id}/refundable")[1]
    case = caller.get(f"/cases/{approved.pk}")[1]
    # then the order and the line show what is left, and the case shows its refund
    assert (status, body["amount"]) == (200, "50.00")
    assert (money["refunded_amount"], money["refundable"]) == ("50.00", "237.30")
    assert [(line["refunded"], line["refundable"]) for line in money["lines"]] == [
        ("0.00", "184.87"),
        ("50.00", "42.43"),
    ]
    assert (case["status"], case["refunded_amount"]) == ("refunded", "50.00")
    assert [(refund["amount"], refund["shipping_amount"]) for refund in case["refunds"]] == [("50.00", "0.00")]
    assert (case["lines"][0]["refunded"], case["lines"][0]["refundable"]) == ("50.00", "42.43")


def test_the_schema_documents_the_refunds_required_key():
    # given the published schema
    operation = ninja_api.get_openapi_schema()["paths"]["/api/v1/aftersales/cases/{case_id}/refund"]["post"]
    # then the refund requires the header, documented once, and other POSTs keep it optional
    keys = [p for p in operation["parameters"] if p["name"] == "Idempotency-Key"]
    approve = ninja_api.get_openapi_schema()["paths"]["/api/v1/aftersales/cases/{case_id}/approve"]["post"]
    assert [(p["in"], p["required"], p["schema"]["maxLength"]) for p in keys] == [("header", True, 120)]
    assert [p["required"] for p in approve["parameters"] if p["name"] == "Idempotency-Key"] == [False]
    assert "400" in operation["responses"] or 400 in operation["responses"]


def test_a_console_session_refund_needs_the_key_too(approved, specialist):  # type: ignore[no-untyped-def]
    # given the specialist signed in to the console
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(specialist, backend="django.contrib.auth.backends.ModelBackend")
    # when the refund is posted without a key, then with one
    url = f"/api/v1/aftersales/cases/{approved.pk}/refund"
    missing = client.post(url, {}, content_type="application/json")
    sent = client.post(url, {}, content_type="application/json", headers={"Idempotency-Key": "rf-1"})
    # then only the keyed one pays
    assert (missing.status_code, sent.status_code, sent.json()["amount"]) == (400, 200, "92.43")
    assert refund_rows(approved) == [(D("92.43"), D("0.00"), "rf-1")]
