"""API of the steps taken on an after-sales case, one POST each, and the batches (mounted at
``/api/v1/aftersales/cases``). Each answers the case as it is afterwards; a step the case is not
ready for is 409 (``invalid_transition``, ``not_ready`` …). The refund is in ``refunds``."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _

from zhanggui.accounts.selectors import staff_get
from zhanggui.catalog.selectors import warehouse_get
from zhanggui.core.api import ApiRouter, Id, api_permission
from zhanggui.core.batch import BatchResult
from zhanggui.core.exceptions import NotFoundError, ValidationFailed

from .. import services
from .cases import body_fields, case_of, detail
from .schemas.actions import (
    CaseAssignIn,
    CaseBatchApproveIn,
    CaseBatchIn,
    CaseBatchRejectIn,
    CaseBatchResultOut,
    CaseCloseIn,
    CaseInspectIn,
    CaseNoteIn,
    CaseRejectIn,
    CaseRestockIn,
    CaseWaybillIn,
)
from .schemas.cases import CaseDetailOut

router = ApiRouter(tags=["aftersales"])


def batch_answer(result: BatchResult) -> dict[str, Any]:
    errors = [{"case_id": case_id, "message": message} for case_id, message in result.errors.items()]
    return {"done": result.done, "errors": errors}


# --- answering the request ---------------------------------------------------------------------
@router.post("/{int:case_id}/review", response=CaseDetailOut, summary="Start reviewing a request (开始处理)")
@api_permission("aftersales.handle")
def case_review(request: HttpRequest, case_id: Id) -> Any:
    """You become its handler unless it has one; the platform's deadline still runs."""
    case = case_of(request, case_id)
    return detail(request, services.case_review_start(by=request.auth, case=case))


@router.post("/{int:case_id}/assign", response=CaseDetailOut, summary="Give a case to a handler")
@api_permission("aftersales.handle")
def case_assign(request: HttpRequest, case_id: Id, data: CaseAssignIn) -> Any:
    """A staff member of the case's store who handles after-sales (422 ``assignee_id`` otherwise)."""
    case = case_of(request, case_id)
    assignee = None
    if data.assignee_id is not None:
        try:
            assignee = staff_get(staff_id=data.assignee_id)
        except NotFoundError as exc:
            raise ValidationFailed.for_field("assignee_id", _("No such staff member.")) from exc
    with body_fields({"assignee": "assignee_id"}):
        services.case_assign(by=request.auth, case=case, assignee=assignee)
    return detail(request, case)


@router.post("/{int:case_id}/approve", response=CaseDetailOut, summary="Approve a request (同意)")
@api_permission("aftersales.handle")
def case_approve(request: HttpRequest, case_id: Id, data: CaseNoteIn) -> Any:
    """A refund-only case then waits for its refund, a reissue for its replacement order, and a case
    with goods coming back for them (``awaiting_return``). 409 once answered."""
    case = case_of(request, case_id)
    return detail(request, services.case_approve(by=request.auth, case=case, note=data.note))


@router.post("/{int:case_id}/reject", response=CaseDetailOut, summary="Refuse a request (拒绝)")
@api_permission("aftersales.handle")
def case_reject(request: HttpRequest, case_id: Id, data: CaseRejectIn) -> Any:
    """A request, or returned goods that failed inspection; the buyer and the platform read the reason."""
    case = case_of(request, case_id)
    return detail(request, services.case_reject(by=request.auth, case=case, reason=data.reason))


# --- goods coming back -------------------------------------------------------------------------
@router.post("/{int:case_id}/return-shipment", response=CaseDetailOut, summary="Record the buyer's return waybill")
@api_permission("aftersales.create")
def case_return_shipment(request: HttpRequest, case_id: Id, data: CaseWaybillIn) -> Any:
    """The waybill the buyer sent the goods back with (a corrected one replaces it); the receipt
    deadline starts. 409 unless the case awaits the goods."""
    case = case_of(request, case_id)
    services.case_return_ship(by=request.auth, case=case, carrier=data.carrier, tracking_no=data.tracking_no)
    return detail(request, case)


@router.post("/{int:case_id}/receive", response=CaseDetailOut, summary="Confirm the returned goods arrived (确认收货)")
@api_permission("aftersales.handle")
def case_receive(request: HttpRequest, case_id: Id, data: CaseNoteIn) -> Any:
    case = case_of(request, case_id)
    return detail(request, services.case_receive(by=request.auth, case=case, note=data.note))


@router.post("/{int:case_id}/inspect", response=CaseDetailOut, summary="Inspect the returned goods (验货)")
@api_permission("aftersales.handle")
def case_inspect(request: HttpRequest, case_id: Id, data: CaseInspectIn) -> Any:
    """合格 ``passed``: the case can be resolved; 不合格 ``failed`` (with a note): it may be refused."""
    case = case_of(request, case_id)
    return detail(request, services.case_inspect(by=request.auth, case=case, result=data.result, note=data.note))


@router.post("/{int:case_id}/restock", response=CaseDetailOut, summary="Put the returned goods back into stock")
@api_permission("aftersales.handle")
def case_restock(request: HttpRequest, case_id: Id, data: CaseRestockIn) -> Any:
    """Once, for goods received and passed on inspection; also needs ``catalog.stock``."""
    case = case_of(request, case_id)
    try:
        warehouse = warehouse_get(warehouse_id=data.warehouse_id)
    except NotFoundError as exc:
        raise ValidationFailed.for_field("warehouse_id", _("No such warehouse.")) from exc
    with body_fields({"warehouse": "warehouse_id"}):
        services.case_restock(by=request.auth, case=case, warehouse=warehouse)
    return detail(request, case)


# --- goods going out again ---------------------------------------------------------------------
@router.post("/{int:case_id}/replace", response=CaseDetailOut, summary="Send the goods again (补发 / 换货)")
@api_permission("aftersales.handle")
def case_replace(request: HttpRequest, case_id: Id) -> Any:
    """A reissue once approved, an exchange once its goods passed inspection: a zero-amount
    replacement order holds the units and ships from the order desk (``replacement_order_id``)."""
    case = case_of(request, case_id)
    return detail(request, services.case_replace(by=request.auth, case=case))


@router.post("/{int:case_id}/repair-send", response=CaseDetailOut, summary="Send the item out for repair")
@api_permission("aftersales.handle")
def case_repair_send(request: HttpRequest, case_id: Id, data: CaseNoteIn) -> Any:
    case = case_of(request, case_id)
    services.case_repair_send(by=request.auth, case=case, note=data.note)
    return detail(request, case)


@router.post("/{int:case_id}/repair-return", response=CaseDetailOut, summary="Send the repaired item back")
@api_permission("aftersales.handle")
def case_repair_return(request: HttpRequest, case_id: Id, data: CaseWaybillIn) -> Any:
    """The waybill it left for the buyer with; the case is then ``repaired``."""
    case = case_of(request, case_id)
    services.case_repair_return(by=request.auth, case=case, carrier=data.carrier, tracking_no=data.tracking_no)
    return detail(request, case)


@router.post("/{int:case_id}/close", response=CaseDetailOut, summary="Close a case")
@api_permission("aftersales.handle")
def case_close(request: HttpRequest, case_id: Id, data: CaseCloseIn) -> Any:
    """A resolved or refused case, or an open request the buyer withdrew (say so in ``note``). Goods
    on their way back cannot be withdrawn (409)."""
    case = case_of(request, case_id)
    return detail(request, services.case_close(by=request.auth, case=case, note=data.note))


# --- batches: every case on its own; the answer says per case what happened --------------------
@router.post("/batch/approve", response=CaseBatchResultOut, summary="Approve many requests")
@api_permission("aftersales.handle")
def case_batch_approve(request: HttpRequest, data: CaseBatchApproveIn) -> Any:
    """Cases already answered, or not yours, are listed in ``errors``; the rest are approved."""
    return batch_answer(services.case_batch_approve(by=request.auth, case_ids=data.case_ids, note=data.note))


@router.post("/batch/reject", response=CaseBatchResultOut, summary="Refuse many requests")
@api_permission("aftersales.handle")
def case_batch_reject(request: HttpRequest, data: CaseBatchRejectIn) -> Any:
    return batch_answer(services.case_batch_reject(by=request.auth, case_ids=data.case_ids, reason=data.reason))


@router.post("/batch/receive", response=CaseBatchResultOut, summary="Confirm many returned parcels arrived")
@api_permission("aftersales.handle")
def case_batch_receive(request: HttpRequest, data: CaseBatchIn) -> Any:
    """E.g. a morning's deliveries; cases not awaiting their goods are listed in ``errors``."""
    return batch_answer(services.case_batch_receive(by=request.auth, case_ids=data.case_ids))
