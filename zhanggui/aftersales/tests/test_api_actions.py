"""The steps of a case through the API, one POST each, and the batches: each answers the case as it
is afterwards; a refused step changes nothing and writes no audit row."""

from __future__ import annotations

from decimal import Decimal

import pytest

from zhanggui.aftersales.models import Case
from zhanggui.aftersales.services import CaseLineInput, case_approve, case_create
from zhanggui.catalog.models import Stock
from zhanggui.orders.services import order_upsert

from .conftest import order_data

D = Decimal
pytestmark = pytest.mark.django_db


@pytest.fixture
def open_case(make_order, specialist, reason):  # type: ignore[no-untyped-def]
    """``open_case("T1", "return_refund")`` → a new request for the black line of a shipped order."""

    def make(number: str = "T1001", type: str = "return_refund", line: str = "TEE-BLK-L") -> Case:
        order = make_order(number, shipped=True)
        line_id = order.lines.get(merchant_code=line).pk
        lines = [CaseLineInput(order_line_id=line_id, quantity=1)]
        return case_create(by=specialist, order=order, type=type, reason=reason("quality"), lines=lines)

    return make


def test_a_return_goes_through_every_step(open_case, specialist, goods, api, audit_rows):  # type: ignore[no-untyped-def]
    # given a return-and-refund request
    case = open_case()
    caller = api(specialist)
    # when it is reviewed, approved, shipped back, received, inspected, refunded and restocked
    review = caller.post(f"/cases/{case.pk}/review")
    approve = caller.post(f"/cases/{case.pk}/approve", {"note": "质量问题属实"})
    shipped = caller.post(f"/cases/{case.pk}/return-shipment", {"carrier": "zto", "tracking_no": "75300000000001"})
    received = caller.post(f"/cases/{case.pk}/receive", {"note": "包裹完好"})
    inspected = caller.post(f"/cases/{case.pk}/inspect", {"result": "passed", "note": ""})
    refunded = caller.post(f"/cases/{case.pk}/refund", {}, **{"Idempotency-Key": "rf-1"})
    restocked = caller.post(f"/cases/{case.pk}/restock", {"warehouse_id": goods.returns.pk})
    closed = caller.post(f"/cases/{case.pk}/close", {"note": ""})
    # then each answer shows the step taken
    assert (review[0], review[1]["status"], review[1]["assignee_id"]) == (200, "reviewing", specialist.pk)
    assert (approve[1]["status"], approve[1]["decided_at"] is not None) == ("awaiting_return", True)
    assert (shipped[1]["return_carrier"], shipped[1]["return_tracking_no"]) == ("ZTO", "75300000000001")
    assert (received[1]["status"], received[1]["received_at"] is not None) == ("received", True)
    assert (inspected[1]["status"], inspected[1]["inspection_result"]) == ("inspected", "passed")
    assert (refunded[0], refunded[1]["amount"]) == (200, "92.43")
    assert (restocked[1]["restock_warehouse_id"], restocked[1]["lines"][0]["restocked_quantity"]) == (
        goods.returns.pk,
        1,
    )
    assert (closed[0], closed[1]["status"], closed[1]["refunded_amount"]) == (200, "closed", "92.43")
    assert Stock.objects.get(sku=goods.black, warehouse=goods.returns).on_hand == 1
    assert [row.action for row in audit_rows()] == [
        "aftersales.case.create",
        "aftersales.case.review",
        "aftersales.case.approve",
        "aftersales.case.return_ship",
        "aftersales.case.receive",
        "aftersales.case.inspect",
        "aftersales.case.refund",
        "aftersales.case.restock",
        "aftersales.case.close",
    ]


def test_a_step_the_case_is_not_ready_for_is_a_conflict(open_case, specialist, api, audit_rows):  # type: ignore[no-untyped-def]
    # given an approved return
    case = open_case()
    caller = api(specialist)
    caller.post(f"/cases/{case.pk}/approve")
    before = len(audit_rows())
    # when it is approved again, inspected before it arrived, and closed while the goods are coming
    again = caller.post(f"/cases/{case.pk}/approve")
    early = caller.post(f"/cases/{case.pk}/inspect", {"result": "passed"})
    close = caller.post(f"/cases/{case.pk}/close", {"note": ""})
    # then each is refused with why, and nothing changed
    assert again == (
        409,
        {"code": "answered", "message": f"After-sales case {case.number} has already been answered.", "errors": []},
    )
    assert early == (
        409,
        {
            "code": "invalid_transition",
            "message": f"After-sales case {case.number} cannot go from “Awaiting return” to “Inspected”.",
            "errors": [],
        },
    )
    assert close[1]["errors"] == [
        {"field": "note", "message": "Say why the open request is closed (for example, withdrawn by the buyer)."}
    ]
    case.refresh_from_db()
    assert (case.status, len(audit_rows())) == ("awaiting_return", before)


def test_refusing_needs_a_reason_and_failed_goods_a_note(open_case, specialist, api):  # type: ignore[no-untyped-def]
    # given a new request and a return whose goods arrived
    request, returned = open_case("T1"), open_case("T2")
    caller = api(specialist)
    for step in ("approve", "receive"):
        caller.post(f"/cases/{returned.pk}/{step}")
    # when they are refused without a reason, inspected as failed without a note, then properly
    no_reason = caller.post(f"/cases/{request.pk}/reject", {"reason": ""})
    no_note = caller.post(f"/cases/{returned.pk}/inspect", {"result": "failed", "note": " "})
    bad_result = caller.post(f"/cases/{returned.pk}/inspect", {"result": "ok"})
    refused = caller.post(f"/cases/{request.pk}/reject", {"reason": "超过退货期"})
    failed = caller.post(f"/cases/{returned.pk}/inspect", {"result": "failed", "note": "已洗过"})
    refused_goods = caller.post(f"/cases/{returned.pk}/reject", {"reason": "商品已洗涤，不支持退货"})
    # then the field is named each time, and the steps taken are shown
    assert (no_reason[0], [error["field"] for error in no_reason[1]["errors"]]) == (422, ["reason"])
    assert no_note[1]["errors"] == [{"field": "note", "message": "Say what is wrong with the goods."}]
    assert (bad_result[0], [error["field"] for error in bad_result[1]["errors"]]) == (422, ["result"])
    assert (refused[1]["status"], refused[1]["refusal_reason"]) == ("rejected", "超过退货期")
    assert (failed[1]["inspection_result"], failed[1]["inspection_note"]) == ("failed", "已洗过")
    assert (refused_goods[1]["status"], refused_goods[1]["refusal_reason"]) == ("rejected", "商品已洗涤，不支持退货")


def test_assigning_a_case(open_case, specialist, make_staff, agent, api):  # type: ignore[no-untyped-def]
    # given a request, another specialist and an agent (who does not handle after-sales)
    case = open_case()
    colleague = make_staff("aftersales")
    caller = api(specialist)
    # when it is given to the colleague, to the agent, to nobody known, then to nobody
    given = caller.post(f"/cases/{case.pk}/assign", {"assignee_id": colleague.pk})
    to_agent = caller.post(f"/cases/{case.pk}/assign", {"assignee_id": agent.pk})
    unknown = caller.post(f"/cases/{case.pk}/assign", {"assignee_id": 999999})
    nobody = caller.post(f"/cases/{case.pk}/assign", {"assignee_id": None})
    # then only someone who handles after-sales in the store takes it, and the field is named
    assert (given[1]["assignee_id"], given[1]["assignee_name"]) == (colleague.pk, str(colleague))
    assert to_agent == (
        422,
        {
            "code": "invalid",
            "message": "This person does not handle after-sales in this store.",
            "errors": [{"field": "assignee_id", "message": "This person does not handle after-sales in this store."}],
        },
    )
    assert unknown[1]["errors"] == [{"field": "assignee_id", "message": "No such staff member."}]
    assert (nobody[0], nobody[1]["assignee_id"], nobody[1]["assignee_name"]) == (200, None, "")


def test_restocking_names_the_warehouse(open_case, specialist, goods, api, make_staff):  # type: ignore[no-untyped-def]
    # given a return whose goods passed inspection, and a retired warehouse
    case = open_case()
    caller = api(specialist)
    for step, body in (("approve", {}), ("receive", {}), ("inspect", {"result": "passed"})):
        caller.post(f"/cases/{case.pk}/{step}", body)
    goods.warehouse.is_active = False
    goods.warehouse.save()
    # when the goods go to an unknown warehouse, to the retired one, or are restocked by a cs lead
    unknown = caller.post(f"/cases/{case.pk}/restock", {"warehouse_id": 999999})
    retired = caller.post(f"/cases/{case.pk}/restock", {"warehouse_id": goods.warehouse.pk})
    lead = api(make_staff("cs_lead")).post(f"/cases/{case.pk}/restock", {"warehouse_id": goods.returns.pk})
    # then the field is named, a lead (no stock permission) is refused, and no unit moved
    assert unknown[1]["errors"] == [{"field": "warehouse_id", "message": "No such warehouse."}]
    assert retired[1]["errors"] == [{"field": "warehouse_id", "message": "Choose an active warehouse."}]
    assert (lead[0], lead[1]["code"]) == (403, "forbidden")
    assert Stock.objects.filter(warehouse=goods.returns).count() == 0


def test_a_reissue_and_a_repair(open_case, specialist, api):  # type: ignore[no-untyped-def]
    # given an approved reissue and a repair whose item passed inspection
    reissue, repair = open_case("T1", "reissue"), open_case("T2", "repair", line="TEE-WHT-M")
    caller = api(specialist)
    caller.post(f"/cases/{reissue.pk}/approve")
    for step, body in (("approve", {}), ("receive", {}), ("inspect", {"result": "passed"})):
        caller.post(f"/cases/{repair.pk}/{step}", body)
    # when the reissue is sent and the item goes out for repair and back
    replaced = caller.post(f"/cases/{reissue.pk}/replace")
    sent = caller.post(f"/cases/{repair.pk}/repair-send", {"note": "寄回厂家"})
    sent_again = caller.post(f"/cases/{repair.pk}/repair-send", {})
    back = caller.post(f"/cases/{repair.pk}/repair-return", {"carrier": "zto", "tracking_no": "75300000000002"})
    # then the reissue has its replacement order and the repair its way back
    reissue.refresh_from_db()
    assert (replaced[1]["status"], replaced[1]["replacement_order_id"]) == ("reissued", reissue.replacement_order_id)
    assert reissue.replacement_order_id is not None
    assert (sent[0], sent[1]["repair_sent_at"] is not None) == (200, True)
    assert (sent_again[0], sent_again[1]["code"]) == (409, "already_sent")
    assert (back[1]["status"], back[1]["outbound_carrier"], back[1]["outbound_tracking_no"]) == (
        "repaired",
        "ZTO",
        "75300000000002",
    )


def test_an_agent_records_a_return_waybill_but_may_not_decide(open_case, specialist, agent, api, audit_rows):  # type: ignore[no-untyped-def]
    # given an approved return and a customer-service agent
    case = case_approve(by=specialist, case=open_case())
    before = len(audit_rows())
    caller = api(agent)
    # when the agent approves, receives and refuses it, and types in the buyer's waybill
    refused = [caller.post(f"/cases/{case.pk}/{step}", {"reason": "x"})[0] for step in ("approve", "receive", "reject")]
    waybill = caller.post(f"/cases/{case.pk}/return-shipment", {"carrier": "sf", "tracking_no": "SF1234567890123"})
    bad_waybill = caller.post(f"/cases/{case.pk}/return-shipment", {"carrier": "zto", "tracking_no": "123"})
    # then only the waybill is taken; the decisions are forbidden and wrote nothing
    assert refused == [403, 403, 403]
    assert (waybill[0], waybill[1]["return_tracking_no"]) == (200, "SF1234567890123")
    assert (bad_waybill[0], [error["field"] for error in bad_waybill[1]["errors"]]) == (422, ["tracking_no"])
    case.refresh_from_db()
    assert (case.status, [row.action for row in audit_rows()[before:]]) == (
        "awaiting_return",
        ["aftersales.case.return_ship"],
    )


def test_batches_report_each_case(open_case, specialist, reason, api, other_store, make_staff):  # type: ignore[no-untyped-def]
    # given three requests, one already approved, and a request of another store
    first, second, answered = open_case("T1"), open_case("T2"), open_case("T3")
    case_approve(by=specialist, case=answered)
    stranger = make_staff("aftersales", stores=[other_store])
    elsewhere, _outcome = order_upsert(by=None, store=other_store, data=order_data("X1"))
    foreign = case_create(by=stranger, order=elsewhere, type="refund_only", reason=reason("quality"))
    caller = api(specialist)
    # when they are approved in a batch, then the goods of two are received, and one is refused
    approved = caller.post("/cases/batch/approve", {"case_ids": [first.pk, answered.pk, foreign.pk, 999999]})
    received = caller.post("/cases/batch/receive", {"case_ids": [first.pk, second.pk]})
    rejected = caller.post("/cases/batch/reject", {"case_ids": [second.pk], "reason": "超过退货期"})
    no_reason = caller.post("/cases/batch/reject", {"case_ids": [second.pk], "reason": ""})
    empty = caller.post("/cases/batch/approve", {"case_ids": []})
    # then each case is reported on its own
    missing = "No such after-sales case."
    assert approved == (
        200,
        {
            "done": [first.pk],
            "errors": [
                {"case_id": answered.pk, "message": f"After-sales case {answered.number} has already been answered."},
                {"case_id": foreign.pk, "message": missing},
                {"case_id": 999999, "message": missing},
            ],
        },
    )
    assert received == (
        200,
        {
            "done": [first.pk],
            "errors": [
                {
                    "case_id": second.pk,
                    "message": f"After-sales case {second.number} cannot go from “Requested” to “Received”.",
                }
            ],
        },
    )
    assert rejected == (200, {"done": [second.pk], "errors": []})
    assert (no_reason[0], empty[0]) == (422, 422)
    assert [error["field"] for error in empty[1]["errors"]] == ["case_ids"]
    foreign.refresh_from_db()
    assert foreign.status == "requested"
