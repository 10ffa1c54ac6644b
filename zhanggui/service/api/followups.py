"""Follow-ups (``/api/v1/service/follow-ups``): list the open ones of the caller's stores, create one
for a buyer, mark one done or cancelled."""

from typing import Any

from django.http import HttpRequest
from ninja import Query, Schema, Status

from zhanggui.accounts.models import Staff
from zhanggui.core.api import ApiRouter, Id, PageNumber, api_permission, page_of
from zhanggui.core.exceptions import NotFoundError
from zhanggui.orders.selectors import order_get

from .. import selectors, services
from ..models import FollowUp
from .schemas.channels import FollowUpIn, FollowUpOut, FollowUpPageOut

router = ApiRouter(tags=["service follow-ups"])


class FollowUpFilters(Schema):
    status: str = ""
    mine: bool = False
    overdue: bool = False
    store: int | None = None
    contact: int | None = None


def followup_out(followup: FollowUp) -> dict[str, Any]:
    return {
        "id": followup.pk,
        "store_id": followup.store_id,
        "contact_id": followup.contact_id,
        "nickname": followup.contact.nickname,
        "conversation_id": followup.conversation_id,
        "call_id": followup.call_id,
        "order_id": followup.order_id,
        "kind": followup.kind,
        "note": followup.note,
        "due_at": followup.due_at,
        "assignee_id": followup.assignee_id,
        "status": followup.status,
        "created_at": followup.created_at,
        "done_at": followup.done_at,
    }


@router.get("", response=FollowUpPageOut, summary="List follow-ups")
@api_permission("service.view")
def service_followup_list(
    request: HttpRequest, filters: Query[FollowUpFilters], pagination: Query[PageNumber.Input]
) -> Any:
    """Open ones by default (`status=all` for every one), soonest due first; `mine`: the caller's
    and nobody's; `overdue`: open ones past due."""
    queryset = selectors.followup_list(user=request.auth, filters=filters.dict())
    return page_of(queryset, pagination, lambda rows: [followup_out(f) for f in rows])


def _found(model: Any, pk: int | None) -> Any:
    """The assignee by id (the service checks they work in the store)."""
    if pk is None:
        return None
    found = model.objects.filter(pk=pk).first()
    if found is None:
        raise NotFoundError()
    return found


@router.post("", response={201: FollowUpOut}, summary="Create a follow-up")
@api_permission("service.reply")
def service_followup_create(request: HttpRequest, payload: FollowUpIn) -> Any:
    followup = services.followup_create(
        by=request.auth,
        contact=selectors.contact_get(user=request.auth, contact_id=payload.contact_id),
        kind=payload.kind,
        note=payload.note,
        due_at=payload.due_at,
        conversation=(
            selectors.conversation_get(user=request.auth, conversation_id=payload.conversation_id)
            if payload.conversation_id is not None
            else None
        ),
        order=order_get(user=request.auth, order_id=payload.order_id) if payload.order_id is not None else None,
        assignee=_found(Staff, payload.assignee_id),
    )
    return Status(201, followup_out(selectors.followup_get(user=request.auth, followup_id=followup.pk)))


@router.post("/{int:followup_id}/done", response={200: FollowUpOut}, summary="Mark a follow-up done")
@api_permission("service.reply")
def service_followup_done(request: HttpRequest, followup_id: Id) -> Any:
    followup = selectors.followup_get(user=request.auth, followup_id=followup_id)
    return followup_out(services.followup_done(by=request.auth, followup=followup))


@router.post("/{int:followup_id}/cancel", response={200: FollowUpOut}, summary="Cancel a follow-up")
@api_permission("service.reply")
def service_followup_cancel(request: HttpRequest, followup_id: Id) -> Any:
    followup = selectors.followup_get(user=request.auth, followup_id=followup_id)
    return followup_out(services.followup_cancel(by=request.auth, followup=followup))
