"""Service groups API (``/api/v1/service/groups``): 售前 / 售后 groups per store and their members."""

from typing import Any

from django.http import HttpRequest
from ninja import Status

from zhanggui.core.api import ApiRouter, Id, api_permission
from zhanggui.stores.selectors import store_get

from .. import selectors, services
from ..models import ServiceGroup
from .schemas.assignment import GroupIn, GroupOut, GroupPatch

router = ApiRouter(tags=["service groups"])


def group_out(group: ServiceGroup) -> dict[str, Any]:
    return {
        "id": group.pk,
        "store_id": group.store_id,
        "kind": group.kind,
        "name": group.name,
        "is_active": group.is_active,
        "member_ids": sorted(member.pk for member in group.members.all()),
    }


@router.get("", response=list[GroupOut], summary="List service groups")
@api_permission("service.view")
def group_list_get(request: HttpRequest, store: Id | None = None) -> Any:
    return [group_out(group) for group in selectors.group_list(user=request.auth, store=store)]


@router.post("", response={201: GroupOut}, summary="Create a service group")
@api_permission("service.settings")
def group_create_post(request: HttpRequest, data: GroupIn) -> Any:
    """Members must be agents of the store (422 ``members``); names are unique per store (422 ``name``)."""
    store = store_get(user=request.auth, store_id=data.store_id)
    group = services.group_create(
        by=request.auth,
        store=store,
        kind=data.kind,
        name=data.name,
        members=data.member_ids,
        is_active=data.is_active,
    )
    return Status(201, group_out(group))


@router.get("/{int:group_id}", response=GroupOut, summary="Get a service group")
@api_permission("service.view")
def group_get_one(request: HttpRequest, group_id: Id) -> Any:
    return group_out(selectors.group_get(user=request.auth, group_id=group_id))


@router.patch("/{int:group_id}", response=GroupOut, summary="Change a service group or its members")
@api_permission("service.settings")
def group_update_patch(request: HttpRequest, group_id: Id, data: GroupPatch) -> Any:
    group = selectors.group_get(user=request.auth, group_id=group_id)
    changes = {name: value for name, value in data.model_dump(exclude_unset=True).items() if value is not None}
    if "member_ids" in changes:
        changes["members"] = changes.pop("member_ids")
    return group_out(services.group_update(by=request.auth, group=group, **changes))
