"""A store's service settings API (``/api/v1/service/settings``): business hours and their reply,
the greeting, reassignment, the chat widget."""

from typing import Any

from django.http import HttpRequest

from zhanggui.core.api import ApiRouter, Id, api_permission
from zhanggui.stores.selectors import store_get

from .. import selectors, services
from ..services.settings import FIELDS
from .schemas.assignment import ServiceSettingsOut, ServiceSettingsPatch

router = ApiRouter(tags=["service settings"])


def _answer(store_id: int) -> dict[str, Any]:
    settings = selectors.service_settings_of(store_id)
    answer = {"store_id": store_id, **{name: getattr(settings, name) for name in FIELDS}}
    return {**answer, "opens_at": f"{settings.opens_at:%H:%M}", "closes_at": f"{settings.closes_at:%H:%M}"}


@router.get("/{int:store_id}", response=ServiceSettingsOut, summary="Get a store's service settings")
@api_permission("service.view")
def service_settings_get(request: HttpRequest, store_id: Id) -> Any:
    """The settings in force: the store's own, or the defaults where it has none."""
    store_get(user=request.auth, store_id=store_id)
    return _answer(store_id)


@router.patch("/{int:store_id}", response=ServiceSettingsOut, summary="Change a store's service settings")
@api_permission("service.settings")
def service_settings_patch(request: HttpRequest, store_id: Id, data: ServiceSettingsPatch) -> Any:
    """Only the fields sent change; audited with the values before and after."""
    store = store_get(user=request.auth, store_id=store_id)
    changes = {name: value for name, value in data.model_dump(exclude_unset=True).items() if value is not None}
    services.service_settings_update(by=request.auth, store=store, **changes)
    return _answer(store_id)
