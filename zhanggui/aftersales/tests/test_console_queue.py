"""The case queue (售后工作台) through the console: columns, countdowns, tabs, filters and batch bar."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from zhanggui.aftersales.models import Case
from zhanggui.aftersales.services import case_approve, case_receive, case_reject
from zhanggui.core.models import AuditEvent

D = Decimal
pytestmark = pytest.mark.django_db
URL = reverse("aftersales:case_list")


@pytest.fixture
def console(specialist, english_client_for):  # type: ignore[no-untyped-def]
    return english_client_for(specialist)


def shown(response) -> dict[str, dict[str, str]]:  # type: ignore[no-untyped-def]
    """The table as the reader sees it: case number → {column key: cell text}."""
    import re

    columns = [column.key for column in response.context["columns"]]
    rows = {}
    for case, cells in response.context["rows"]:
        texts = [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", str(cell))).strip() for cell in cells]
        rows[case.number] = dict(zip(columns, texts, strict=True))
    return rows


def messages_of(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(message) for message in response.context["messages"]]


def test_queue_shows_each_case_with_its_countdown_computed_on_the_server(make_case, console, specialist):
    # given two requests: one whose answer is due in 5½ hours, one 2½ hours past its deadline, and
    # a refused one (nothing awaited: no deadline)
    soon, late, done = make_case("T1"), make_case("T2"), make_case("T3")
    case_reject(by=specialist, case=done, reason="已超过售后期限")
    now = timezone.now()
    Case.objects.filter(pk=soon.pk).update(due_at=now + dt.timedelta(hours=5, minutes=30))
    Case.objects.filter(pk=late.pk).update(due_at=now - dt.timedelta(hours=2, minutes=30))
    # when the specialist opens the queue
    response = console.get(URL)
    # then the overdue case comes first, red, the refused one last, and every column reads as expected
    assert response.status_code == 200
    rows = shown(response)
    assert list(rows) == [late.number, soon.number, done.number]
    assert rows[done.number]["due_at"] == "—"
    assert rows[soon.number] == {
        "number": f"{soon.number} {timezone.localtime(soon.requested_at).strftime('%m-%d %H:%M')}",
        "store": soon.store.name,
        "order": "T1",
        "buyer": "tb_小王",
        "type": "Return and refund",
        "reason": "尺码不合适 Buyer",
        "requested_amount": "92.43",
        "refunded_amount": "0.00",
        "status": "Requested",
        "assignee": "—",
        "due_at": "5 hours left",
    }
    assert rows[late.number]["due_at"] == "2 hours overdue"
    html = response.content.decode()
    assert 'data-overdue="1"' in html and 'data-overdue="0"' in html
    assert f'href="{reverse("orders:order_detail", args=[soon.order_id])}"' in html


def test_tabs_and_filters_narrow_the_queue(make_case, console, specialist, make_staff):
    # given a case of mine (approved, waiting for goods), one received (awaiting inspection), one
    # overdue and unassigned, and one another specialist took
    mine, received, overdue, theirs = (make_case(n) for n in ("T1", "T2", "T3", "T4"))
    case_approve(by=specialist, case=mine)
    case_approve(by=specialist, case=received)
    Case.objects.filter(pk=received.pk).update(status="awaiting_return")
    case_receive(by=specialist, case=received)
    Case.objects.filter(pk=overdue.pk).update(due_at=timezone.now() - dt.timedelta(hours=1))
    case_approve(by=make_staff("aftersales"), case=theirs)

    def numbers(query: str) -> list[str]:
        return sorted(shown(console.get(f"{URL}?{query}")))

    # then each tab and filter lists exactly its cases
    assert numbers("assignee=me&status=open") == sorted([mine.number, received.number])
    assert numbers("due=overdue") == [overdue.number]
    assert numbers("awaiting_inspection=1") == [received.number]
    assert numbers("assignee=none") == [overdue.number]
    assert numbers("status=requested") == [overdue.number]
    assert numbers(f"keyword={mine.number}") == [mine.number]
    assert numbers("keyword=T4") == [theirs.number]
    assert numbers("type=exchange") == []


def test_batch_agree_agrees_the_ticked_requests_and_reports_each_failure(make_case, console, specialist):
    # given two new requests and one already agreed
    first, second, answered = make_case("T1"), make_case("T2"), make_case("T3")
    case_approve(by=specialist, case=answered)
    # when the specialist ticks all three and presses 同意
    response = console.post(
        URL, {"_action": "approve", "ids": [first.pk, second.pk, answered.pk], "approve-note": "已核实"}, follow=True
    )
    # then the two new ones wait for the goods, the answered one is named with its error
    statuses = dict(Case.objects.values_list("pk", "status"))
    assert statuses == {first.pk: "awaiting_return", second.pk: "awaiting_return", answered.pk: "awaiting_return"}
    assert messages_of(response) == [
        f"{answered.number}: After-sales case {answered.number} has already been answered.",
        "2 of 3 case(s) agreed.",
    ]
    notes = AuditEvent.objects.filter(action="aftersales.case.approve", reason="已核实")
    assert sorted(int(event.object_id) for event in notes) == [first.pk, second.pk]


def test_batch_refuse_writes_the_chosen_reason_and_details(make_case, console):
    # given two requests and a third left alone
    first, second, other = make_case("T1"), make_case("T2"), make_case("T3")
    # when both are refused as outside the after-sales period, with a detail
    response = console.post(
        URL,
        {
            "_action": "reject",
            "ids": [first.pk, second.pk],
            "reject-refusal": "period",
            "reject-detail": "签收已 20 天",
        },
        follow=True,
    )
    # then both are refused with that text; the third is untouched
    refused = {c.pk: (c.status, c.refusal_reason) for c in Case.objects.all()}
    assert refused == {
        first.pk: ("rejected", "Outside the after-sales period: 签收已 20 天"),
        second.pk: ("rejected", "Outside the after-sales period: 签收已 20 天"),
        other.pk: ("requested", ""),
    }
    assert messages_of(response) == ["2 of 2 case(s) refused."]


def test_batch_refuse_needs_a_reason_and_changes_nothing_without_one(make_case, console):
    case = make_case("T1")
    response = console.post(URL, {"_action": "reject", "ids": [case.pk], "reject-refusal": ""}, follow=True)
    assert messages_of(response) == ["Refusal reason: This field is required."]
    case.refresh_from_db()
    assert case.status == "requested"
    assert not AuditEvent.objects.filter(action="aftersales.case.reject").exists()


def test_batch_mark_received_moves_only_the_cases_waiting_for_goods(make_case, console, specialist):
    # given two agreed returns and one request not yet agreed
    first, second, new = make_case("T1"), make_case("T2"), make_case("T3")
    case_approve(by=specialist, case=first)
    case_approve(by=specialist, case=second)
    # when all three are marked received
    response = console.post(URL, {"_action": "receive", "ids": [first.pk, second.pk, new.pk]}, follow=True)
    # then the two agreed ones are received; the request cannot be
    statuses = dict(Case.objects.values_list("pk", "status"))
    assert statuses == {first.pk: "received", second.pk: "received", new.pk: "requested"}
    assert messages_of(response) == [
        f"{new.number}: After-sales case {new.number} cannot go from “Requested” to “Received”.",
        "2 of 3 case(s) marked received.",
    ]


def test_an_agent_sees_the_queue_without_the_batch_bar_and_may_not_post_to_it(make_case, agent, english_client_for):
    case = make_case("T1")
    client = english_client_for(agent)
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["batch_actions"] == []
    assert client.post(URL, {"_action": "approve", "ids": [case.pk]}).status_code == 403
    case.refresh_from_db()
    assert case.status == "requested"
    assert not AuditEvent.objects.filter(action="aftersales.case.approve").exists()


def test_batch_posts_need_the_csrf_token(make_case, specialist):
    case = make_case("T1")
    client = Client(enforce_csrf_checks=True)
    client.force_login(specialist, backend="django.contrib.auth.backends.ModelBackend")
    assert client.post(URL, {"_action": "approve", "ids": [case.pk]}).status_code == 403
    case.refresh_from_db()
    assert case.status == "requested"


def test_order_list_marks_orders_with_open_cases_and_shows_refunds(
    make_case, make_order, english_client_for, make_staff
):
    # given an order with an open case (92.43 refunded on another, earlier case) and an order without
    case = make_case("T1")
    Case.objects.filter(pk=case.pk).update(refunded_amount=D("0.00"))
    type(case.order).objects.filter(pk=case.order_id).update(refunded_amount=D("92.43"))
    make_order("T2", shipped=True)
    # when an order clerk opens the order list
    response = english_client_for(make_staff("order_clerk")).get(reverse("orders:order_list"))
    html = response.content.decode()
    # then only T1 is marked, and its refund shows under its payment
    rows = {order.platform_order_id: order.slot_badges for order, _cells in response.context["rows"]}
    assert rows == {"T1": '<span class="badge bg-purple-lt" data-aftersales-open="1">In after-sales</span>', "T2": ""}
    assert "−92.43" in html


def test_queue_exports_the_filtered_cases(make_case, console):
    # given two cases, one of them overdue
    overdue, _other = make_case("T1"), make_case("T2")
    Case.objects.filter(pk=overdue.pk).update(due_at=timezone.now() - dt.timedelta(hours=1))
    # when the overdue ones are exported as CSV
    response = console.get(f"{URL}?due=overdue&export=csv")
    # then the file holds that case alone, and the export is audited
    body = b"".join(response.streaming_content if response.streaming else [response.content]).decode("utf-8-sig")
    lines = [line for line in body.splitlines() if line]
    assert response.status_code == 200
    assert len(lines) == 2 and lines[1].startswith(f"{overdue.number},")
    assert AuditEvent.objects.filter(action="aftersales.case.export").count() == 1
