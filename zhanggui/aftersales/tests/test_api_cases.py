"""The after-sales API: the queue, one case with its money, opening a case, an order's money, store scope."""

from __future__ import annotations

import pkgutil
from decimal import Decimal
from importlib import import_module
from importlib.util import find_spec
from typing import get_args

import pytest
from django.apps import apps
from ninja import Schema

from zhanggui.aftersales.api.schemas import cases as schemas
from zhanggui.aftersales.models import Case, CaseSource, Reason, Responsibility
from zhanggui.aftersales.services import CaseLineInput, case_create, case_review_start
from zhanggui.aftersales.states import CaseStatus, CaseType
from zhanggui.orders.services import order_upsert

from .conftest import order_data

D = Decimal
pytestmark = pytest.mark.django_db


def open_case(by, order, reason, *, type="return_refund", line="TEE-BLK-L", quantity=1):  # type: ignore[no-untyped-def]
    line_id = order.lines.get(merchant_code=line).pk
    lines = [CaseLineInput(order_line_id=line_id, quantity=quantity)]
    return case_create(by=by, order=order, type=type, reason=reason, lines=lines)


def test_the_queue_lists_the_callers_cases_with_filters(make_order, specialist, reason, api, other_store, make_staff):  # type: ignore[no-untyped-def]
    # given two cases of the store, one reviewed by the specialist, and a case of another store
    first = open_case(specialist, make_order("T1", shipped=True), reason("size"))
    second = open_case(specialist, make_order("T2", shipped=True), reason("quality"), line="TEE-WHT-M", quantity=2)
    case_review_start(by=specialist, case=second)
    elsewhere, _outcome = order_upsert(by=None, store=other_store, data=order_data("X1", status="shipped"))
    stranger = make_staff("aftersales", stores=[other_store])
    open_case(stranger, elsewhere, reason("size"))
    caller = api(specialist)
    # when the queue is read, whole and filtered
    everything = caller.get("/cases")
    reviewing = caller.get("/cases", {"status": "reviewing"})
    mine = caller.get("/cases", {"assignee": "me"})
    by_number = caller.get("/cases", {"keyword": first.number})
    by_order = caller.get("/cases", {"keyword": "T2"})
    open_ones = caller.get("/cases", {"status": ["open"], "type": "return_refund", "page_size": 1})
    bad = caller.get("/cases", {"status": "lost"})
    # then only the store's cases are listed, the filters narrow them, and the page says its count
    assert everything[0] == 200
    assert {key: everything[1][key] for key in ("count", "count_capped", "page", "page_size")} == {
        "count": 2,
        "count_capped": False,
        "page": 1,
        "page_size": 50,
    }
    row = next(item for item in everything[1]["items"] if item["id"] == first.pk)
    assert {key: row[key] for key in row if key not in ("requested_at", "respond_by", "due_at", "updated_at")} == {
        "id": first.pk,
        "number": f"SH{first.pk:07d}",
        "store_id": first.store_id,
        "store_code": first.store.code,
        "order_id": first.order_id,
        "platform_order_id": "T1",
        "buyer_nickname": "tb_小王",
        "platform_case_id": "",
        "type": "return_refund",
        "type_label": "Return and refund",
        "status": "requested",
        "status_label": "Requested",
        "source": "staff",
        "reason_id": reason("size").pk,
        "reason_name": "尺码不合适",
        "responsibility": "buyer",
        "requested_amount": "92.43",
        "refunded_amount": "0.00",
        "shipping_refund": "0.00",
        "assignee_id": None,
        "assignee_name": "",
        "decided_at": None,
    }
    assert [item["id"] for item in reviewing[1]["items"]] == [second.pk]
    assert [(item["id"], item["assignee_name"]) for item in mine[1]["items"]] == [(second.pk, str(specialist))]
    assert [item["id"] for item in by_number[1]["items"]] == [first.pk]
    assert [item["id"] for item in by_order[1]["items"]] == [second.pk]
    assert (open_ones[1]["count"], len(open_ones[1]["items"])) == (2, 1)
    assert (bad[0], bad[1]["code"], bad[1]["errors"][0]["field"]) == (422, "invalid", "status.0")


def test_one_case_shows_its_lines_with_their_money(make_order, specialist, reason, api):  # type: ignore[no-untyped-def]
    # given a case on the black line of a discounted order (paid 287.30, 10.00 of it shipping)
    order = make_order(shipped=True)
    case = open_case(specialist, order, reason("size"))
    black = order.lines.get(merchant_code="TEE-BLK-L")
    # when it is read
    status, body = api(specialist).get(f"/cases/{case.pk}")
    # then its line carries the line's share of the payment and what it can still refund
    assert status == 200
    assert body["lines"] == [
        {
            "id": case.lines.get().pk,
            "order_line_id": black.pk,
            "sku_id": black.sku_id,
            "merchant_code": "TEE-BLK-L",
            "title": "纯棉T恤 黑色 L",
            "ordered_quantity": 1,
            "quantity": 1,
            "amount": "92.43",
            "replacement_sku_id": None,
            "restocked_quantity": 0,
            "paid_share": "92.43",
            "refunded": "0.00",
            "refundable": "92.43",
        }
    ]
    assert (body["refunds"], body["evidence"], body["messages"]) == ([], [], [])
    assert (body["description"], body["inspection_result"], body["replacement_order_id"]) == ("", "", None)


def test_another_stores_case_is_missing(make_order, reason, api, other_store, make_staff):  # type: ignore[no-untyped-def]
    # given a case of another store
    stranger = make_staff("aftersales", stores=[other_store])
    order, _outcome = order_upsert(by=None, store=other_store, data=order_data("X1", status="shipped"))
    case = open_case(stranger, order, reason("size"))
    # when a specialist of this store reads it, or acts on it
    specialist = api(make_staff("aftersales"))
    read = specialist.get(f"/cases/{case.pk}")
    act = specialist.post(f"/cases/{case.pk}/approve")
    # then it does not exist for them, and nothing changed
    assert read == (404, {"code": "not_found", "message": "Not found.", "errors": []})
    assert act[0] == 404
    case.refresh_from_db()
    assert case.status == "requested"


def test_an_agent_opens_a_case_through_the_api(make_order, agent, reason, api, audit_rows):  # type: ignore[no-untyped-def]
    # given a shipped order and a customer-service agent
    order = make_order(shipped=True)
    white = order.lines.get(merchant_code="TEE-WHT-M")
    # when the agent opens an exchange of one white T-shirt for the black one
    status, body = api(agent).post(
        "/cases",
        {
            "order_id": order.pk,
            "type": "exchange",
            "reason_id": reason("size").pk,
            "lines": [{"order_line_id": white.pk, "quantity": 1, "replacement_sku_id": order.lines.last().sku_id}],
            "description": "M 码偏小",
            "platform_case_id": "TB-RF-1",
            "conversation_ref": "conv-9",
        },
    )
    # then the case is open, from the API, for the goods and nothing to refund
    case = Case.objects.get()
    assert status == 201
    assert {key: body[key] for key in ("id", "type", "status", "source", "requested_amount", "platform_case_id")} == {
        "id": case.pk,
        "type": "exchange",
        "status": "requested",
        "source": "api",
        "requested_amount": "0.00",
        "platform_case_id": "TB-RF-1",
    }
    assert (body["description"], body["conversation_ref"]) == ("M 码偏小", "conv-9")
    assert [(line["order_line_id"], line["quantity"], line["replacement_sku_id"]) for line in body["lines"]] == [
        (white.pk, 1, order.lines.last().sku_id)
    ]
    assert [(row.action, row.actor_id) for row in audit_rows()] == [("aftersales.case.create", agent.pk)]


def test_opening_a_case_names_the_bad_field(make_order, agent, reason, api, other_store, audit_rows):  # type: ignore[no-untyped-def]
    # given a shipped order, an order of another store and a retired reason
    order = make_order(shipped=True)
    white = order.lines.get(merchant_code="TEE-WHT-M")
    elsewhere, _outcome = order_upsert(by=None, store=other_store, data=order_data("X1"))
    retired = Reason.objects.create(code="old", name="旧原因", responsibility="buyer", is_active=False)
    caller = api(agent)

    def create(**changes):  # type: ignore[no-untyped-def]
        body = {
            "order_id": order.pk,
            "type": "return_refund",
            "reason_id": reason("size").pk,
            "lines": [{"order_line_id": white.pk, "quantity": 1}],
            **changes,
        }
        return caller.post("/cases", body)

    # when a request asks for more units than ordered, too much money, or names what is not there
    too_many = create(lines=[{"order_line_id": white.pk, "quantity": 3}])
    too_much = create(lines=[{"order_line_id": white.pk, "quantity": 1, "amount": "200.00"}])
    zero = create(lines=[{"order_line_id": white.pk, "quantity": 0}])
    no_lines = create(lines=[])
    not_ours = create(order_id=elsewhere.pk)
    old_reason = create(reason_id=retired.pk)
    # then each answer names the field, and nothing was opened
    assert too_many == (
        422,
        {
            "code": "invalid",
            "message": "Enter a number from 1 to 2.",
            "errors": [{"field": "lines.0.quantity", "message": "Enter a number from 1 to 2."}],
        },
    )
    assert too_much[1]["errors"] == [
        {"field": "lines.0.amount", "message": "At most 184.87 can still be refunded on this line."}
    ]
    assert (zero[0], [error["field"] for error in zero[1]["errors"]]) == (422, ["lines.0.quantity"])
    assert no_lines[1]["errors"] == [{"field": "lines", "message": "Choose at least one order line."}]
    assert not_ours[1]["errors"] == [{"field": "order_id", "message": "No such order."}]
    assert old_reason[1]["errors"] == [{"field": "reason_id", "message": "Choose a reason."}]
    assert (Case.objects.count(), audit_rows()) == (0, [])


def test_a_platform_case_number_is_taken_once_per_store(make_order, agent, reason, api):  # type: ignore[no-untyped-def]
    # given a case with the platform's number TB-RF-1
    first, second = make_order("T1", shipped=True), make_order("T2", shipped=True)
    caller = api(agent)

    def create(order):  # type: ignore[no-untyped-def]
        line = order.lines.get(merchant_code="TEE-BLK-L")
        body = {
            "order_id": order.pk,
            "type": "return_refund",
            "reason_id": reason("size").pk,
            "lines": [{"order_line_id": line.pk, "quantity": 1}],
            "platform_case_id": "TB-RF-1",
        }
        return caller.post("/cases", body)

    # when another case comes with the same number
    assert create(first)[0] == 201
    again = create(second)
    # then it is refused on that field
    assert again[0] == 422
    assert again[1]["errors"] == [
        {"field": "platform_case_id", "message": "The platform's case TB-RF-1 is already recorded."}
    ]
    assert Case.objects.count() == 1


def test_a_viewer_may_not_open_a_case(make_order, make_staff, reason, api, audit_rows):  # type: ignore[no-untyped-def]
    # given an operator, who sees cases but does not open them
    order = make_order(shipped=True)
    line = order.lines.get(merchant_code="TEE-BLK-L")
    body = {"order_id": order.pk, "type": "return_refund", "reason_id": reason("size").pk}
    # when they try
    status, answer = api(make_staff("operator")).post("/cases", {**body, "lines": [{"order_line_id": line.pk}]})
    # then it is forbidden and nothing was opened
    assert (status, answer["code"]) == (403, "forbidden")
    assert (Case.objects.count(), audit_rows()) == (0, [])


def test_an_orders_refundable_money(make_order, agent, api):  # type: ignore[no-untyped-def]
    # given a shipped order (白色 M ×2, 黑色 L ×1, 19.70 off, 10.00 shipping, paid 287.30)
    order = make_order(shipped=True)
    white, black = order.lines.get(merchant_code="TEE-WHT-M"), order.lines.get(merchant_code="TEE-BLK-L")
    caller = api(agent)
    # when the agent reads the order's money
    money = caller.get(f"/orders/{order.pk}/refundable")
    missing = caller.get("/orders/999999/refundable")
    # then it is split by the line totals
    assert money == (
        200,
        {
            "order_id": order.pk,
            "platform_order_id": "T1001",
            "paid_amount": "287.30",
            "refunded_amount": "0.00",
            "shipping_fee": "10.00",
            "shipping_refunded": "0.00",
            "shipping_refundable": "10.00",
            "refundable": "287.30",
            "lines": [
                {
                    "order_line_id": white.pk,
                    "sku_id": white.sku_id,
                    "merchant_code": "TEE-WHT-M",
                    "title": "纯棉T恤 白色 M",
                    "quantity": 2,
                    "line_total": "198.00",
                    "paid_share": "184.87",
                    "refunded": "0.00",
                    "refundable": "184.87",
                },
                {
                    "order_line_id": black.pk,
                    "sku_id": black.sku_id,
                    "merchant_code": "TEE-BLK-L",
                    "title": "纯棉T恤 黑色 L",
                    "quantity": 1,
                    "line_total": "99.00",
                    "paid_share": "92.43",
                    "refunded": "0.00",
                    "refundable": "92.43",
                },
            ],
        },
    )
    assert missing[0] == 404


def test_the_schemas_codes_are_the_models_choices():
    # given the codes the API publishes, and the model's choices
    # then they are the same, so no valid case is answered outside its schema
    assert list(get_args(schemas.TypeCode)) == CaseType.values
    assert list(get_args(schemas.StatusCode)) == CaseStatus.values
    assert list(get_args(schemas.StatusFilter)) == ["open", *CaseStatus.values]
    assert list(get_args(schemas.ResponsibilityCode)) == Responsibility.values
    assert list(get_args(schemas.SourceCode)) == CaseSource.values


# The modules of the case API's schemas (the import and webhook schemas are checked with their own).
CASE_API_SCHEMAS = {f"zhanggui.aftersales.api.schemas.{area}" for area in ("cases", "actions", "refunds")}


def test_no_other_api_schema_shares_a_name_with_ours():
    # given every schema class of the project's API modules (ninja publishes one component per name)
    defined: dict[str, set[str]] = {}
    for app in apps.get_app_configs():
        if not app.name.startswith("zhanggui.") or find_spec(f"{app.name}.api") is None:
            continue
        package = import_module(f"{app.name}.api")
        parts = pkgutil.walk_packages(getattr(package, "__path__", []), f"{package.__name__}.")
        for module in [package, *(import_module(part.name) for part in parts)]:
            for name, value in vars(module).items():
                if isinstance(value, type) and issubclass(value, Schema) and value.__module__ == module.__name__:
                    defined.setdefault(name, set()).add(module.__name__)
    # then no other module defines a schema under the name of one of the case API's
    shared = {name: modules for name, modules in defined.items() if modules & CASE_API_SCHEMAS and len(modules) > 1}
    assert shared == {}
