"""Reminders of due after-sales steps (到期提醒): each step is reminded once, a few hours before it
falls due (``REMIND_BEFORE_HOURS``) or as soon as it is found overdue.

A new step clears ``reminded_at`` (``steps.save``), so every step of a case is reminded afresh.
The handler is told; a case nobody holds goes to the store's after-sales staff. Notifications
leave once the reminder is committed, so no one is sent to a case that does not say so yet.
"""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone

from zhanggui.accounts.models import Staff
from zhanggui.core.audit import audit_record
from zhanggui.core.notifications import staff_notify

from .. import constants
from ..models import Case
from ..states import OPEN, CaseStatus

REMIND_KIND = "aftersales.case.due"


def _recipients(case: Case) -> list[int]:
    if case.assignee_id is not None:
        return [case.assignee_id]
    desk = Staff.objects.filter(role="aftersales", is_active=True, stores=case.store_id).order_by("pk")
    return list(desk.values_list("pk", flat=True))


def _payload(case: Case, now: dt.datetime) -> dict[str, Any]:
    assert case.due_at is not None
    return {
        "case": case.pk,
        "number": case.number,
        "status": case.status,
        "status_label": str(CaseStatus(case.status).label),
        "due_at": case.due_at.isoformat(),
        "overdue": case.due_at <= now,
    }


@transaction.atomic
def _remind(pk: int, now: dt.datetime, horizon: dt.datetime) -> int:
    case = Case.objects.select_for_update().filter(pk=pk, reminded_at__isnull=True, due_at__lte=horizon).first()
    if case is None or case.status not in OPEN:
        return 0  # moved on meanwhile
    recipients = _recipients(case)
    case.reminded_at = now
    case.save(update_fields=["reminded_at"])
    payload = _payload(case, now)
    audit_record(
        actor=None,
        action="aftersales.case.remind",
        obj=case,
        after={"due_at": case.due_at, "overdue": payload["overdue"], "recipients": recipients},
    )
    for staff_id in recipients:
        transaction.on_commit(partial(staff_notify, staff_id=staff_id, kind=REMIND_KIND, payload=payload))
    return 1


def case_remind_due(*, now: dt.datetime | None = None) -> int:
    """Remind the handlers of open cases whose step falls due within ``REMIND_BEFORE_HOURS`` of
    ``now`` or is overdue, and which were not reminded of this step yet. How many were reminded."""
    now = now or timezone.now()
    horizon = now + dt.timedelta(hours=constants.REMIND_BEFORE_HOURS)
    due = (
        Case.objects.filter(status__in=OPEN, reminded_at__isnull=True, due_at__lte=horizon)
        .order_by("due_at", "pk")
        .values_list("pk", flat=True)
    )
    return sum(_remind(pk, now, horizon) for pk in list(due))
