"""Goods going out again: the replacement order of an exchange or a reissue, and a repaired item's
way out to the repairer and back to the buyer."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhanggui.core.actors import Actor
from zhanggui.core.audit import audit_record
from zhanggui.core.exceptions import ConflictError
from zhanggui.orders.models import Order
from zhanggui.orders.services import order_replacement_create, shipment_fields

from ..models import Case, CaseLine
from ..selectors.rules import aftersales_rules
from ..states import CaseStatus, CaseType
from .steps import actor_id, authorise, locked, move, save, status_audit

S = CaseStatus
T = CaseType


@transaction.atomic
def case_replace(*, by: Actor, case: Case) -> Case:
    """Send the goods again at no charge: a reissue once approved, an exchange once the returned goods
    passed inspection. A zero-amount replacement order to the buyer holds the units now and ships
    from the order desk; the case is then 已补发 / 已换货."""
    authorise(by, "aftersales.handle", case)
    # The original order first (as refunds lock it): its replacements are numbered -R1, -R2 … by
    # counting the ones made, so two made at once must not count at the same time.
    Order.objects.select_for_update(of=("self",)).filter(pk=case.order_id).first()
    case = locked(case)
    ready = S.APPROVED if case.type == T.REISSUE else S.INSPECTED
    if case.type not in (T.REISSUE, T.EXCHANGE) or case.status != ready:
        raise ConflictError(
            _("After-sales case %(number)s is not ready for a replacement.") % {"number": case.number},
            code="not_ready",
        )
    if case.type == T.EXCHANGE and case.inspection_result != "passed":
        raise ConflictError(_("Goods that failed inspection are refused, not exchanged."), code="inspection_failed")
    lines = list(CaseLine.objects.filter(case=case).select_related("replacement_sku__product").order_by("pk"))
    items = [(line.replacement_sku, line.quantity) for line in lines if line.replacement_sku is not None]
    kind = _("Reissue") if case.type == T.REISSUE else _("Exchange")
    note = _("%(kind)s for order %(number)s, after-sales case %(case)s") % {
        "kind": kind,
        "number": case.order.platform_order_id,
        "case": case.number,
    }
    replacement = order_replacement_create(by=by, original=case.order, items=items, note=note)
    before_status, path = case.status, list[str]()
    move(case, S.REISSUED if case.type == T.REISSUE else S.EXCHANGED, path)
    case.replacement_order = replacement
    case.resolved_at, case.resolved_by_id = timezone.now(), actor_id(by)
    save(case, ["status", "replacement_order", "resolved_at", "resolved_by"], aftersales_rules(case.store_id))
    before, after = status_audit(before_status, path)
    after.update(replacement_order=replacement.platform_order_id, units=sum(q for _s, q in items))
    audit_record(actor=by, action="aftersales.case.replace", obj=case, before=before, after=after)
    return case


def _check_repair(case: Case) -> None:
    if case.type != T.REPAIR or case.status != S.INSPECTED:
        raise ConflictError(
            _("After-sales case %(number)s is not a repair waiting to be done.") % {"number": case.number},
            code="not_ready",
        )


@transaction.atomic
def case_repair_send(*, by: Actor, case: Case, note: str = "") -> Case:
    """The item went out to be repaired (to the maker or a repair shop)."""
    authorise(by, "aftersales.handle", case)
    case = locked(case)
    _check_repair(case)
    if case.repair_sent_at is not None:
        raise ConflictError(_("This item is already out for repair."), code="already_sent")
    case.repair_sent_at = timezone.now()
    case.updated_at = case.repair_sent_at
    case.save(update_fields=["repair_sent_at", "updated_at"])
    audit_record(
        actor=by,
        action="aftersales.case.repair_send",
        obj=case,
        after={"repair_sent_at": case.repair_sent_at},
        reason=note[:200],
    )
    return case


@transaction.atomic
def case_repair_return(*, by: Actor, case: Case, carrier: str, tracking_no: str) -> Case:
    """The repaired item left for the buyer with this waybill; the case is 已维修."""
    authorise(by, "aftersales.handle", case)
    carrier, tracking_no = shipment_fields(carrier, tracking_no)
    case = locked(case)
    _check_repair(case)
    before_status, path = case.status, list[str]()
    move(case, S.REPAIRED, path)
    case.outbound_carrier, case.outbound_tracking_no = carrier, tracking_no
    case.resolved_at, case.resolved_by_id = timezone.now(), actor_id(by)
    save(
        case,
        ["status", "outbound_carrier", "outbound_tracking_no", "resolved_at", "resolved_by"],
        aftersales_rules(case.store_id),
    )
    before, after = status_audit(before_status, path)
    after.update(outbound_carrier=carrier, outbound_tracking_no=tracking_no)
    audit_record(actor=by, action="aftersales.case.repair_return", obj=case, before=before, after=after)
    return case
