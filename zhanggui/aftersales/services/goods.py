"""Goods coming back: the buyer's return waybill, the warehouse's receipt, the inspection (合格 / 不合格)
and putting sellable units back on a warehouse's shelf."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhanggui.catalog.models import Warehouse
from zhanggui.catalog.services import stock_return_receive
from zhanggui.core.actors import Actor
from zhanggui.core.audit import audit_record
from zhanggui.core.batch import BatchResult, batch_run
from zhanggui.core.exceptions import ConflictError, ValidationFailed
from zhanggui.core.permissions import require_perm, scope_to_stores
from zhanggui.orders.services import shipment_fields

from ..models import Case, CaseLine, InspectionResult
from ..selectors.rules import aftersales_rules
from ..states import CaseStatus, CaseType
from .steps import actor_id, authorise, locked, move, save, status_audit

S = CaseStatus


@transaction.atomic
def case_return_ship(
    *, by: Actor | None, case: Case, carrier: str, tracking_no: str, at: dt.datetime | None = None
) -> Case:
    """Record the waybill the buyer sent the goods back with (staff type it in, or the platform
    reports it); the receipt deadline starts. A corrected waybill replaces the earlier one."""
    authorise(by, "aftersales.create", case)
    carrier, tracking_no = shipment_fields(carrier, tracking_no)
    case = locked(case)
    if case.status != S.AWAITING_RETURN:
        raise ConflictError(
            _("After-sales case %(number)s is not waiting for goods to come back.") % {"number": case.number},
            code="not_awaiting_return",
        )
    before = {"return_carrier": case.return_carrier, "return_tracking_no": case.return_tracking_no}
    case.return_carrier, case.return_tracking_no = carrier, tracking_no
    case.return_shipped_at = case.return_shipped_at or at or timezone.now()
    save(case, ["return_carrier", "return_tracking_no", "return_shipped_at"], aftersales_rules(case.store_id))
    audit_record(
        actor=by,
        action="aftersales.case.return_ship",
        obj=case,
        before=before,
        after={"return_carrier": carrier, "return_tracking_no": tracking_no},
    )
    return case


@transaction.atomic
def case_receive(*, by: Actor | None, case: Case, note: str = "") -> Case:
    """The returned parcel arrived at the warehouse (确认收货); inspection is next. ``by`` None: the
    platform reports it (the buyer was refunded there)."""
    authorise(by, "aftersales.handle", case)
    case = locked(case)
    before_status, path = case.status, list[str]()
    move(case, S.RECEIVED, path)
    case.received_at, case.received_by_id = timezone.now(), actor_id(by)
    save(case, ["status", "received_at", "received_by"], aftersales_rules(case.store_id))
    before, after = status_audit(before_status, path)
    audit_record(actor=by, action="aftersales.case.receive", obj=case, before=before, after=after, reason=note[:200])
    return case


def case_batch_receive(*, by: Actor, case_ids: list[int]) -> BatchResult:
    """Mark many returned parcels received (e.g. a morning's deliveries)."""
    require_perm(by, "aftersales.handle")
    ids = list(dict.fromkeys(int(pk) for pk in case_ids))
    found = {case.pk: case for case in scope_to_stores(Case.objects.filter(pk__in=ids), by)}
    return batch_run(
        ids, found, lambda case, _i: case_receive(by=by, case=case), missing=_("No such after-sales case.")
    )


@transaction.atomic
def case_inspect(*, by: Actor | None, case: Case, result: str, note: str = "") -> Case:
    """Inspect the received goods: 合格 (sellable, the case can be resolved) or 不合格 (notes say why;
    the case may then be refused). Photos are added as inspection evidence. ``by`` None: the platform
    refunded the goods, so they are taken as passed."""
    authorise(by, "aftersales.handle", case)
    if result not in InspectionResult.values:
        raise ValidationFailed.for_field("result", _("Choose passed or failed."))
    note = note.strip()
    if result == InspectionResult.FAILED and not note:
        raise ValidationFailed.for_field("note", _("Say what is wrong with the goods."))
    case = locked(case)
    before_status, path = case.status, list[str]()
    move(case, S.INSPECTED, path)
    case.inspection_result, case.inspection_note = result, note[:500]
    case.inspected_at, case.inspected_by_id = timezone.now(), actor_id(by)
    save(
        case,
        ["status", "inspection_result", "inspection_note", "inspected_at", "inspected_by"],
        aftersales_rules(case.store_id),
    )
    before, after = status_audit(before_status, path)
    after.update(inspection_result=result, inspection_note=case.inspection_note)
    audit_record(actor=by, action="aftersales.case.inspect", obj=case, before=before, after=after)
    return case


@transaction.atomic
def case_restock(*, by: Actor, case: Case, warehouse: Warehouse) -> Case:
    """Put the returned units of a case whose goods passed inspection back into ``warehouse`` (once);
    never the buyer's own item of a repair."""
    authorise(by, "aftersales.handle", case)
    require_perm(by, "catalog.stock")
    case = locked(case)
    if case.type == CaseType.REPAIR:
        raise ConflictError(_("An item sent in for repair goes back to the buyer, not into stock."), code="repair")
    if case.inspection_result != InspectionResult.PASSED or case.received_at is None:
        raise ConflictError(_("Only goods received and passed on inspection go back into stock."), code="not_sellable")
    if case.restocked_at is not None:
        raise ConflictError(_("The goods of this case are already back in stock."), code="already_restocked")
    if not warehouse.is_active:
        raise ValidationFailed.for_field("warehouse", _("Choose an active warehouse."))
    lines = list(CaseLine.objects.filter(case=case).select_related("order_line").order_by("order_line__sku_id", "pk"))
    reason = _("Returned on after-sales case %(number)s") % {"number": case.number}
    restocked = []
    for line in lines:
        sku_id = line.order_line.sku_id
        if sku_id is None:
            continue  # a line never matched to a SKU has no stock to return to
        stock_return_receive(sku_id=sku_id, warehouse_id=warehouse.pk, quantity=line.quantity, by=by, reason=reason)
        line.restocked_quantity = line.quantity
        restocked.append(line)
    if not restocked:
        raise ValidationFailed.for_field("warehouse", _("None of these goods is matched to a SKU."))
    CaseLine.objects.bulk_update(restocked, ["restocked_quantity"])
    case.restock_warehouse, case.restocked_at = warehouse, timezone.now()
    case.updated_at = case.restocked_at
    case.save(update_fields=["restock_warehouse", "restocked_at", "updated_at"])
    audit_record(
        actor=by,
        action="aftersales.case.restock",
        obj=case,
        after={"warehouse": warehouse.name, "units": sum(line.quantity for line in restocked)},
    )
    return case
