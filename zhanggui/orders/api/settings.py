"""API of the orders context: each store's order rules (订单规则). Mounted at
``/api/v1/orders/settings``."""

from dataclasses import asdict
from typing import Any

from django.http import HttpRequest

from zhanggui.core.api import ApiRouter, Id, api_permission
from zhanggui.stores.selectors import store_get

from .. import selectors, services
from .schemas.settings import OrderSettingsIn, OrderSettingsOut

router = ApiRouter(tags=["order settings"])


def _answer(store_id: int, rules: Any) -> dict[str, Any]:
    return {"store_id": store_id, **asdict(rules), "review_keywords": list(rules.review_keywords)}


@router.get("/{store_id}", response=OrderSettingsOut, summary="Get a store's order rules")
@api_permission("orders.view")
def order_settings_get(request: HttpRequest, store_id: Id) -> Any:
    """The rules in force: the store's own, or the defaults where it has none."""
    return _answer(store_id, selectors.order_settings_get(user=request.auth, store_id=store_id))


@router.put("/{store_id}", response=OrderSettingsOut, summary="Set a store's order rules")
@api_permission("orders.review")
def order_settings_update(request: HttpRequest, store_id: Id, data: OrderSettingsIn) -> Any:
    """Audited with the values before and after; a call that changes nothing writes nothing."""
    store = store_get(user=request.auth, store_id=store_id)
    services.order_settings_update(by=request.auth, store=store, **data.model_dump())
    return _answer(store_id, selectors.order_settings_get(user=request.auth, store_id=store_id))
