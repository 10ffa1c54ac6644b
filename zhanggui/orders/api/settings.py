"""API of the orders context: each store's order rules (订单规则). Mounted at
``/api/v1/orders/settings``."""

from dataclasses import asdict
from decimal import Decimal
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Schema

from zhanggui.core.api import ApiRouter, Id, api_permission
from zhanggui.stores.selectors import store_get

from .. import selectors, services

router = ApiRouter(tags=["order settings"])

Keyword = Annotated[str, Field(min_length=1, max_length=20)]


class OrderSettingsIn(Schema):
    """Every rule of the store; the review and shipping pages read them at once."""

    unpaid_timeout_minutes: int = Field(ge=1, le=30 * 24 * 60, description="Close unpaid orders after this long.")
    review_amount_threshold: Decimal = Field(
        ge=0, max_digits=12, decimal_places=2, description="Hold paid orders above this amount for review."
    )
    review_keywords: list[Keyword] = Field(
        max_length=50, description="Buyer-message words that hold an order (改地址, 加急 …)."
    )
    ship_sla_hours: int = Field(ge=1, le=30 * 24, description="Paid orders should ship within this many hours.")
    merge_window_hours: int = Field(
        ge=1, le=30 * 24, description="Orders of one buyer or address this close together are merge candidates."
    )
    stuck_shipment_days: int = Field(ge=1, le=90, description="A shipment without tracking news this long is stuck.")
    auto_complete_days: int = Field(ge=1, le=90, description="Delivered orders complete after this many days.")


class OrderSettingsOut(OrderSettingsIn):
    store_id: int


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
