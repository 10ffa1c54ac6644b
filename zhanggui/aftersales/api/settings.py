"""After-sales API: the reason taxonomy (``/api/v1/aftersales/reasons``) and each store's after-sales
rules (``/api/v1/aftersales/settings``)."""

from typing import Any

from django.http import HttpRequest
from ninja import Status

from zhanggui.core.api import ApiRouter, Id, api_permission
from zhanggui.stores.selectors import store_get

from .. import selectors, services
from ..selectors.reasons import reason_get, reason_list
from ..services.settings import FIELDS
from .schemas.feedback import AftersalesSettingsIn, AftersalesSettingsOut, ReasonIn, ReasonOut, ReasonPatch

reasons_router = ApiRouter(tags=["after-sales reasons"])
router = ApiRouter(tags=["after-sales rules"])


@reasons_router.get("", response=list[ReasonOut], summary="List after-sales reasons")
@api_permission("aftersales.view")
def reason_list_get(request: HttpRequest, active: bool = False) -> Any:
    """In their order; ``active=true`` leaves retired reasons out (what a new case may choose)."""
    return list(reason_list(active_only=active))


@reasons_router.post("", response={201: ReasonOut}, summary="Create an after-sales reason")
@api_permission("aftersales.settings")
def reason_create(request: HttpRequest, data: ReasonIn) -> Any:
    return Status(201, services.reason_create(by=request.auth, **data.model_dump()))


@reasons_router.patch("/{int:reason_id}", response=ReasonOut, summary="Change or retire an after-sales reason")
@api_permission("aftersales.settings")
def reason_update(request: HttpRequest, reason_id: Id, data: ReasonPatch) -> Any:
    reason = reason_get(user=request.auth, reason_id=reason_id)
    changes = {name: value for name, value in data.model_dump(exclude_unset=True).items() if value is not None}
    return services.reason_update(by=request.auth, reason=reason, **changes)


def _answer(store_id: int) -> dict[str, Any]:
    rules = selectors.aftersales_rules(store_id)
    return {"store_id": store_id, **{name: getattr(rules, name) for name in FIELDS}}


@router.get("/{int:store_id}", response=AftersalesSettingsOut, summary="Get a store's after-sales rules")
@api_permission("aftersales.view")
def settings_get(request: HttpRequest, store_id: Id) -> Any:
    """The rules in force: the store's own, or the defaults where it has none."""
    store_get(user=request.auth, store_id=store_id)
    return _answer(store_id)


@router.put("/{int:store_id}", response=AftersalesSettingsOut, summary="Set a store's after-sales rules")
@api_permission("aftersales.settings")
def settings_update(request: HttpRequest, store_id: Id, data: AftersalesSettingsIn) -> Any:
    """Audited with the values before and after; a call that changes nothing writes nothing."""
    store = store_get(user=request.auth, store_id=store_id)
    services.aftersales_settings_update(by=request.auth, store=store, **data.model_dump())
    return _answer(store_id)
