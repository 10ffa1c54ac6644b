"""Answering a request: review, approve, refuse, assign, withdraw and close, one by one or in a batch;
and the rules that decide on the shop's behalf (its automatic approval, the platform's deadline)."""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhanggui.core.actors import Actor
from zhanggui.core.audit import audit_record
from zhanggui.core.batch import BatchResult, batch_run
from zhanggui.core.exceptions import ConflictError, ServiceError, ValidationFailed
from zhanggui.core.inputs import reason_text
from zhanggui.core.permissions import require_perm, require_store_access, scope_to_stores
from zhanggui.orders.models import Order
from zhanggui.orders.selectors import buyer_blacklist_reasons

from .. import constants
from ..models import AftersalesSettings, Case, CaseLine
from ..selectors.money import order_money
from ..selectors.rules import aftersales_rules
from ..states import AFTER_APPROVAL, FINISHED, OPEN, RESOLVED, UNANSWERED, WITHDRAWABLE, CaseStatus, CaseType
from .refunds import refund_issue, shipping_refund_due
from .steps import actor_id, authorise, locked, move, save, status_audit

S = CaseStatus
logger = logging.getLogger(__name__)
AUTO_APPROVAL = "auto_small_refund"
PLATFORM_DEADLINE = "platform_deadline"


def _approve(case: Case, *, by: Actor | None, rule: str, note: str, checked: dict[str, object] | None = None) -> Case:
    """Approve a locked, unanswered case: it moves to the step its type leads to next. A rule's
    approval names the rule and (``checked``) what it checked, in the one audit row."""
    if case.status not in UNANSWERED:
        raise ConflictError(
            _("After-sales case %(number)s has already been answered.") % {"number": case.number}, code="answered"
        )
    before_status, path = case.status, list[str]()
    move(case, S.APPROVED, path)
    if (next_step := AFTER_APPROVAL[case.type]) != S.APPROVED:
        move(case, next_step, path)
    case.decided_at, case.decided_by_id, case.decision_rule = timezone.now(), actor_id(by), rule
    if by is not None and case.assignee_id is None:
        case.assignee_id = by.pk
    save(case, ["status", "decided_at", "decided_by", "decision_rule", "assignee"], aftersales_rules(case.store_id))
    before, after = status_audit(before_status, path)
    if rule:
        after["rule"] = rule
    if checked:
        after["auto_rule"] = checked
    audit_record(actor=by, action="aftersales.case.approve", obj=case, before=before, after=after, reason=note)
    return case


@transaction.atomic
def case_approve(*, by: Actor, case: Case, note: str = "") -> Case:
    """Agree to the buyer's request (同意): a refund-only case waits for its refund, a reissue for its
    replacement order, and a case with goods coming back waits for them."""
    authorise(by, "aftersales.handle", case)
    return _approve(locked(case), by=by, rule="", note=note.strip()[:200])


@transaction.atomic
def case_reject(*, by: Actor | None, case: Case, reason: str) -> Case:
    """Refuse the request (拒绝), or refuse returned goods that failed inspection; a reason is required
    because the buyer and the platform read it. ``by`` None: the platform refused it."""
    authorise(by, "aftersales.handle", case)
    reason = reason_text(reason)
    case = locked(case)
    if case.status == S.INSPECTED and case.inspection_result != "failed":
        raise ConflictError(_("Goods that passed inspection cannot be refused."), code="inspection_passed")
    before_status, path = case.status, list[str]()
    move(case, S.REJECTED, path)
    now = timezone.now()
    case.refusal_reason = reason[:200]
    case.decided_at = case.decided_at or now
    case.decided_by_id = case.decided_by_id or actor_id(by)
    case.resolved_at, case.resolved_by_id = now, actor_id(by)
    save(
        case,
        ["status", "refusal_reason", "decided_at", "decided_by", "resolved_at", "resolved_by"],
        aftersales_rules(case.store_id),
    )
    before, after = status_audit(before_status, path)
    audit_record(actor=by, action="aftersales.case.reject", obj=case, before=before, after=after, reason=reason)
    return case


def _check_lines_free(case: Case) -> None:
    others = CaseLine.objects.filter(
        case__order_id=case.order_id,
        case__status__in=OPEN,
        order_line_id__in=case.lines.values("order_line_id"),
    ).exclude(case=case)
    if others.exists():
        raise ConflictError(
            _("Goods of after-sales case %(number)s are already in another open case.") % {"number": case.number},
            code="lines_taken",
        )


@transaction.atomic
def case_review_start(*, by: Actor, case: Case) -> Case:
    """Take up a new request (开始处理): it is reviewed by ``by``; the platform's deadline still runs.

    A refused request the buyer appealed is reviewed again too: it gets a fresh answering deadline
    (the lapsed one would have the platform agree it at once), and only while none of its lines was
    asked for again in another open case. The order is locked first, as when a case is opened."""
    authorise(by, "aftersales.handle", case)
    Order.objects.select_for_update(of=("self",)).filter(pk=case.order_id).first()
    case = locked(case)
    rules = aftersales_rules(case.store_id)
    before_status, path = case.status, list[str]()
    move(case, S.REVIEWING, path)
    fields = ["status", "assignee"]
    if before_status == S.REJECTED:
        if case.inspected_at is not None:
            raise ConflictError(
                _("Goods refused after inspection are sent back to the buyer; open a new case instead."),
                code="inspected",
            )
        _check_lines_free(case)
        case.respond_by = timezone.now() + dt.timedelta(hours=rules.response_hours)
        fields.append("respond_by")
    case.assignee_id = case.assignee_id or by.pk
    save(case, fields, rules)
    before, after = status_audit(before_status, path)
    audit_record(actor=by, action="aftersales.case.review", obj=case, before=before, after=after)
    return case


@transaction.atomic
def case_assign(*, by: Actor, case: Case, assignee: Actor | None) -> Case:
    """Give the case to a staff member of its store who handles after-sales (None: nobody)."""
    authorise(by, "aftersales.handle", case)
    if assignee is not None:
        try:
            require_perm(assignee, "aftersales.handle")
            require_store_access(assignee, case.store_id)
        except Exception as exc:
            raise ValidationFailed.for_field(
                "assignee", _("This person does not handle after-sales in this store.")
            ) from exc
    case = locked(case)
    before = {"assignee": str(case.assignee) if case.assignee else ""}
    case.assignee = assignee  # type: ignore[assignment]
    case.updated_at = timezone.now()
    case.save(update_fields=["assignee", "updated_at"])
    audit_record(
        actor=by,
        action="aftersales.case.assign",
        obj=case,
        before=before,
        after={"assignee": str(assignee) if assignee else ""},
    )
    return case


@transaction.atomic
def case_close(*, by: Actor | None, case: Case, note: str = "") -> Case:
    """Close a case: one that is resolved or refused, or an open request the buyer withdrew (a note
    says so). Goods already on their way back cannot be withdrawn."""
    if by is not None:
        authorise(by, "aftersales.handle", case)
    case = locked(case)
    if case.status not in FINISHED and case.status not in WITHDRAWABLE:
        raise ConflictError(
            _("After-sales case %(number)s is being handled; finish its current step first.") % {"number": case.number},
            code="in_progress",
        )
    if case.status == S.AWAITING_RETURN and case.return_shipped_at is not None and by is not None:
        raise ConflictError(
            _("The goods of case %(number)s are on their way back; receive them first.") % {"number": case.number},
            code="goods_on_the_way",
        )
    if case.status in WITHDRAWABLE and not note.strip():
        raise ValidationFailed.for_field(
            "note", _("Say why the open request is closed (for example, withdrawn by the buyer).")
        )
    before_status, path = case.status, list[str]()
    move(case, S.CLOSED, path)
    case.closed_at, case.close_note = timezone.now(), note.strip()[:200]
    save(case, ["status", "closed_at", "close_note"], aftersales_rules(case.store_id))
    before, after = status_audit(before_status, path)
    audit_record(actor=by, action="aftersales.case.close", obj=case, before=before, after=after, reason=case.close_note)
    return case


def _cases_for(by: Actor, case_ids: list[int]) -> dict[int, Case]:
    return {case.pk: case for case in scope_to_stores(Case.objects.filter(pk__in=case_ids), by)}


def case_batch_approve(*, by: Actor, case_ids: list[int], note: str = "") -> BatchResult:
    """Approve many requests; each on its own (one already answered is reported, the rest go on)."""
    require_perm(by, "aftersales.handle")
    ids = list(dict.fromkeys(int(pk) for pk in case_ids))
    return batch_run(
        ids,
        _cases_for(by, ids),
        lambda case, _i: case_approve(by=by, case=case, note=note),
        missing=_("No such after-sales case."),
    )


def case_batch_reject(*, by: Actor, case_ids: list[int], reason: str) -> BatchResult:
    """Refuse many requests with the same reason."""
    require_perm(by, "aftersales.handle")
    reason_text(reason)  # an empty reason refuses the batch before anything is written
    ids = list(dict.fromkeys(int(pk) for pk in case_ids))
    return batch_run(
        ids,
        _cases_for(by, ids),
        lambda case, _i: case_reject(by=by, case=case, reason=reason),
        missing=_("No such after-sales case."),
    )


# --- decisions taken by rules ----------------------------------------------------------------


def auto_approval_rule(case: Case, rules: AftersalesSettings) -> dict[str, object] | None:
    """The store's automatic approval as it applies to ``case`` (what it checked), or None when the
    case does not qualify: refund-only, at most the rule's amount, a buyer with few recent cases and
    not on the blacklist."""
    limit = rules.auto_approve_max_amount
    if case.type != CaseType.REFUND_ONLY or limit <= 0:
        return None
    funds = order_money(case.order)
    refund = case.requested_amount + shipping_refund_due(case, funds, case.requested_amount)
    if refund > limit:  # the postage a whole-order refund adds counts too
        return None
    since = case.requested_at - dt.timedelta(days=constants.AUTO_APPROVE_LOOKBACK_DAYS)
    recent = (
        Case.objects.filter(order__buyer_id=case.order.buyer_id, requested_at__gte=since).exclude(pk=case.pk).count()
    )
    if recent > rules.auto_approve_max_buyer_cases or buyer_blacklist_reasons(case.order):
        return None
    return {
        "rule": AUTO_APPROVAL,
        "max_amount": limit,
        "refund": refund,
        "buyer_cases_90_days": recent,
        "max_buyer_cases": rules.auto_approve_max_buyer_cases,
    }


def auto_approve_if_eligible(case: Case, rules: AftersalesSettings) -> bool:
    """Approve and refund a new case the store's rule covers (the system acts; the audit rows carry
    the rule and what it checked). Runs inside the creating transaction."""
    checked = auto_approval_rule(case, rules)
    if checked is None:
        return False
    note = _("Approved automatically: refund-only request up to %(amount)s") % {"amount": rules.auto_approve_max_amount}
    try:
        with transaction.atomic():  # a refund that does not fit leaves the request to staff, not lost
            _approve(locked(case), by=None, rule=AUTO_APPROVAL, note=note, checked=checked)
            refund_issue(by=None, case=case, idempotency_key=f"auto-{case.pk}", rule=AUTO_APPROVAL)
    except ServiceError as exc:
        logger.warning("after-sales case %s not approved automatically: %s", case.pk, exc)
        return False
    return True


def case_agree_expired(*, now: dt.datetime | None = None) -> int:
    """Agree every request the shop left unanswered past its deadline, as the platform does (the
    system acts): a refund-only request is refunded too. How many were agreed."""
    now = now or timezone.now()
    expired = list(
        Case.objects.filter(status__in=UNANSWERED, respond_by__lt=now)
        .order_by("respond_by")
        .values_list("pk", flat=True)
    )
    return sum(_agree_expired(pk, now) for pk in expired)


@transaction.atomic
def _agree_expired(pk: int, now: dt.datetime) -> int:
    # The order first, then the case, as ``refund_issue`` and ``case_review_start`` lock them: the
    # other way round, a refund or a review of the same order at that moment would deadlock with it.
    Order.objects.select_for_update(of=("self",)).filter(pk__in=Case.objects.filter(pk=pk).values("order_id")).first()
    case = Case.objects.select_for_update(of=("self",)).select_related("store", "order", "reason").get(pk=pk)
    if case.status not in UNANSWERED or case.respond_by >= now:
        return 0  # answered meanwhile
    note = _("Agreed automatically: not answered before the platform's deadline")
    _approve(case, by=None, rule=PLATFORM_DEADLINE, note=note)
    if case.type == CaseType.REFUND_ONLY:
        try:
            with transaction.atomic():
                refund_issue(by=None, case=case, idempotency_key=f"deadline-{case.pk}", rule=PLATFORM_DEADLINE)
        except ServiceError as exc:
            # The platform has agreed; the money no longer fits (refunded elsewhere meanwhile), so the
            # case waits, approved, for staff to settle it, and the other expired cases go on.
            logger.warning("after-sales case %s agreed but not refunded: %s", pk, exc)
    return 1


def case_close_resolved_expired(*, now: dt.datetime | None = None) -> int:
    """Close cases resolved or refused more than ``CLOSE_AFTER_DAYS`` ago (the system acts)."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=constants.CLOSE_AFTER_DAYS)
    due = Case.objects.filter(status__in=RESOLVED | {S.REJECTED}, resolved_at__lt=cutoff).values_list("pk", flat=True)
    closed = 0
    for case in Case.objects.filter(pk__in=list(due)):
        try:
            case_close(by=None, case=case, note="")
        except ServiceError:  # reopened meanwhile: the others still close
            logger.info("After-sales case %s was not closed: it changed meanwhile", case.pk)
            continue
        closed += 1
    return closed
