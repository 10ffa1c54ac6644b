"""What every after-sales service shares: the authorised actor, the locked case, status moves and the
deadline of the step a case is in."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from zhanggui.core.actors import Actor
from zhanggui.core.permissions import require_perm, require_store_access

from .. import constants
from ..models import AftersalesSettings, Case
from ..states import CaseStatus, CaseType, transition_check

S = CaseStatus


def authorise(by: Actor | None, code: str, case: Case) -> None:
    """``by`` may do ``code`` to ``case``; None is the system (a platform rule or a scheduled task)."""
    if by is None:
        return
    require_perm(by, code)
    require_store_access(by, case.store_id)


def locked(case: Case) -> Case:
    """The case re-read under a row lock, so two people cannot act on it at once. Only the case's row
    (``of=self``): its store, order and reason are read, not locked, so cases of one store or with
    one reason do not wait for each other; a service that changes the order locks it first."""
    return Case.objects.select_for_update(of=("self",)).select_related("store", "order", "reason").get(pk=case.pk)


def move(case: Case, to: str, path: list[str]) -> None:
    """Move ``case`` one allowed step to ``to`` (not saved) and note the step in ``path``."""
    transition_check(case, to)
    if not path:
        path.append(case.status)
    case.status = to
    path.append(to)


def status_audit(before_status: str, path: list[str]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The audit before/after of a status change: from, to and every status passed through."""
    return {"status": before_status}, {"status": path[-1] if path else before_status, "status_path": path}


def step_due(case: Case, rules: AftersalesSettings) -> dt.datetime | None:
    """When the step ``case`` is in falls due (its SLA), or None when nothing is awaited from the shop."""
    hours = dt.timedelta(hours=1)
    days = dt.timedelta(days=1)
    if case.status in (S.REQUESTED, S.REVIEWING):
        return case.respond_by
    if case.status == S.APPROVED and case.decided_at:
        wait = constants.REISSUE_SHIP_HOURS if case.type == CaseType.REISSUE else rules.resolve_hours
        return case.decided_at + wait * hours
    if case.status == S.AWAITING_RETURN:
        if case.return_shipped_at:
            return case.return_shipped_at + rules.receive_days * days
        return (case.decided_at or case.requested_at) + rules.return_ship_days * days
    if case.status == S.RECEIVED and case.received_at:
        return case.received_at + rules.inspect_hours * hours
    if case.status == S.INSPECTED and case.inspected_at:
        return case.inspected_at + rules.resolve_hours * hours
    return None


def save(case: Case, fields: list[str], rules: AftersalesSettings) -> None:
    """Save ``fields`` of ``case`` with its new step deadline (a new step is reminded afresh)."""
    due = step_due(case, rules)
    if due != case.due_at:
        case.due_at, case.reminded_at = due, None
        fields = [*fields, "due_at", "reminded_at"]
    case.updated_at = timezone.now()
    case.save(update_fields=[*dict.fromkeys([*fields, "updated_at"])])


def actor_id(by: Actor | None) -> int | None:
    """The staff id to record as having done a step; None when the system did it."""
    return by.pk if by is not None else None
