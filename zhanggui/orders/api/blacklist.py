"""API of the orders context: the buyer blacklist (黑名单) of each store. Mounted at
``/api/v1/orders/blacklist``; phones are answered masked."""

from typing import Any

from django.http import HttpRequest
from ninja import Query, Status
from ninja.pagination import paginate

from zhanggui.core.api import ApiRouter, Id, PageNumber, api_permission
from zhanggui.stores.selectors import store_get

from .. import services
from ..selectors.blacklist import blacklist_entry_get, blacklist_list
from .schemas.blacklist import BlacklistEntryIn, BlacklistEntryOut, BlacklistFilters, RemoveIn

router = ApiRouter(tags=["blacklist"])


@router.get("", response=list[BlacklistEntryOut], summary="List blacklisted buyers")
@api_permission("orders.blacklist")
@paginate(PageNumber)
def blacklist_entry_list(request: HttpRequest, filters: Query[BlacklistFilters]) -> Any:
    return blacklist_list(user=request.auth, filters=filters.model_dump(exclude_none=True))


@router.post("", response={201: BlacklistEntryOut}, summary="Blacklist a buyer")
@api_permission("orders.blacklist")
def blacklist_entry_add(request: HttpRequest, data: BlacklistEntryIn) -> Any:
    """Paid orders of this nickname or receiver phone are then held for review with the reason.
    422 when the nickname or phone is already listed in the store."""
    store = store_get(user=request.auth, store_id=data.store_id)
    entry = services.blacklist_entry_add(
        by=request.auth, store=store, nickname=data.nickname, phone=data.phone, reason=data.reason
    )
    return Status(201, blacklist_entry_get(user=request.auth, entry_id=entry.pk))


@router.post("/{entry_id}/remove", response={204: None}, summary="Take a buyer off the blacklist")
@api_permission("orders.blacklist")
def blacklist_entry_remove(request: HttpRequest, entry_id: Id, data: RemoveIn) -> Any:
    """Orders already held stay held; the reason goes into the audit log."""
    entry = blacklist_entry_get(user=request.auth, entry_id=entry_id)
    services.blacklist_entry_remove(by=request.auth, entry=entry, reason=data.reason)
    return Status(204, None)
