"""Reminders of due steps: once per step, REMIND_BEFORE_HOURS ahead or when overdue, to the handler or the desk."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from zhanggui.aftersales.models import Case
from zhanggui.aftersales.services import (
    CaseLineInput,
    case_approve,
    case_assign,
    case_create,
    case_reject,
    case_remind_due,
)
from zhanggui.core.models import AuditEvent

pytestmark = pytest.mark.django_db
HOUR = dt.timedelta(hours=1)
T0 = timezone.now().replace(microsecond=0) - 100 * HOUR  # the request; the shop answers by T0 + 48 h


@pytest.fixture
def notified(monkeypatch):  # type: ignore[no-untyped-def]
    sent: list[tuple[int, str, dict]] = []

    def notify(*, staff_id, kind, payload):  # type: ignore[no-untyped-def]
        sent.append((staff_id, kind, payload))

    monkeypatch.setattr("zhanggui.aftersales.services.reminders.staff_notify", notify)
    return sent


@pytest.fixture
def case(make_order, agent, reason):  # type: ignore[no-untyped-def]
    order = make_order(shipped=True)
    line = order.lines.get(merchant_code="TEE-WHT-M")
    return case_create(
        by=agent,
        order=order,
        type="return_refund",
        reason=reason("quality"),
        lines=[CaseLineInput(order_line_id=line.pk, quantity=1)],
        requested_at=T0,
    )


def remind(now, capture):  # type: ignore[no-untyped-def]
    with capture(execute=True):
        return case_remind_due(now=now)


def test_an_unassigned_step_is_reminded_to_the_stores_desk_four_hours_ahead(
    case, specialist, make_staff, other_store, notified, django_capture_on_commit_callbacks
):
    # given the desk: one more specialist, one who left, one of another store, and an agent
    colleague = make_staff("aftersales")
    make_staff("aftersales", is_active=False)
    make_staff("aftersales", stores=[other_store])
    assert case.due_at == T0 + 48 * HOUR
    # when the scan runs 4 h 1 min before the deadline, nothing is due yet
    assert remind(T0 + 44 * HOUR - dt.timedelta(minutes=1), django_capture_on_commit_callbacks) == 0
    assert notified == []
    # and exactly 4 h before, the desk is told once
    now = T0 + 44 * HOUR
    assert remind(now, django_capture_on_commit_callbacks) == 1
    payload = {
        "case": case.pk,
        "number": case.number,
        "status": "requested",
        "status_label": "Requested",
        "due_at": (T0 + 48 * HOUR).isoformat(),
        "overdue": False,
    }
    assert notified == [
        (specialist.pk, "aftersales.case.due", payload),
        (colleague.pk, "aftersales.case.due", payload),
    ]
    case.refresh_from_db()
    assert case.reminded_at == now
    event = AuditEvent.objects.get(action="aftersales.case.remind")
    assert (event.actor_id, event.object_id) == (None, str(case.pk))
    assert event.after == {
        "due_at": (T0 + 48 * HOUR).isoformat(),
        "overdue": False,
        "recipients": [specialist.pk, colleague.pk],
    }
    # and a later scan does not remind the same step again
    assert remind(T0 + 60 * HOUR, django_capture_on_commit_callbacks) == 0
    assert len(notified) == 2


def test_an_overdue_step_is_reminded_to_its_handler_only(
    case, specialist, make_staff, notified, django_capture_on_commit_callbacks
):
    # given a case handled by the specialist, found only after its deadline passed
    make_staff("aftersales")
    case_assign(by=specialist, case=case, assignee=specialist)
    # when
    assert remind(T0 + 49 * HOUR, django_capture_on_commit_callbacks) == 1
    # then
    assert [(staff_id, payload["overdue"]) for staff_id, _kind, payload in notified] == [(specialist.pk, True)]


def test_the_next_step_is_reminded_afresh(case, specialist, notified, django_capture_on_commit_callbacks):
    # given the request reminded, then approved: the buyer has 7 days to send the goods back
    case.respond_by = case.due_at = timezone.now() + 2 * HOUR
    case.save(update_fields=["respond_by", "due_at"])
    assert remind(timezone.now(), django_capture_on_commit_callbacks) == 1
    case_approve(by=specialist, case=case)
    case.refresh_from_db()
    assert case.status == "awaiting_return"
    assert case.due_at == case.decided_at + 7 * 24 * HOUR
    assert case.reminded_at is None
    # when the scan runs 4 h before that deadline
    assert remind(case.due_at - 4 * HOUR, django_capture_on_commit_callbacks) == 1
    # then the handler (who approved it) is reminded of the new step
    assert [(staff_id, payload["status"]) for staff_id, _kind, payload in notified][-1] == (
        specialist.pk,
        "awaiting_return",
    )


def test_finished_cases_are_not_reminded(case, specialist, notified, django_capture_on_commit_callbacks):
    case_reject(by=specialist, case=case, reason="超过七天")
    Case.objects.filter(pk=case.pk).update(due_at=T0)  # even with a stale deadline left behind
    audits = AuditEvent.objects.count()
    assert remind(T0 + 49 * HOUR, django_capture_on_commit_callbacks) == 0
    assert notified == []
    assert AuditEvent.objects.count() == audits


def test_the_scheduled_tasks_call_the_services(case, notified, django_capture_on_commit_callbacks):
    from zhanggui.aftersales import tasks

    with django_capture_on_commit_callbacks(execute=True):
        reminded = tasks.aftersales_remind_due_every_10_minutes.call_local()
    assert reminded == 1  # the request's deadline (T0 + 48 h) is long past
    assert tasks.aftersales_agree_expired_every_5_minutes.call_local() == 1
    assert tasks.aftersales_close_resolved_hourly.call_local() == 0
    assert tasks.aftersales_return_rate_scan_daily.call_local() == 0
