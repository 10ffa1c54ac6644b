"""API of the orders context: anomalies after review (异常) — the orders carrying them, and
resolving one with a remark. Mounted at ``/api/v1/orders/anomalies``."""

from typing import Any

from django.http import HttpRequest
from ninja import Query
from ninja.pagination import paginate

from zhanggui.core.api import ApiRouter, Id, PageNumber, api_permission

from .. import selectors, services
from .schemas.anomalies import AnomalyCode, AnomalyFilters, ResolveIn
from .schemas.orders import OrderOut

router = ApiRouter(tags=["anomalies"])


@router.get("", response=list[OrderOut], summary="List orders with anomalies")
@api_permission("orders.view")
@paginate(PageNumber)
def anomaly_order_list(request: HttpRequest, filters: Query[AnomalyFilters]) -> Any:
    """Orders of your stores that carry an anomaly (address changed after payment, price changed
    by hand, shipment without tracking news), most recently changed first."""
    values: dict[str, Any] = {"anomaly": filters.code or "any"}
    if filters.store is not None:
        values["store"] = filters.store
    return selectors.order_list(user=request.auth, filters=values).order_by("-updated_at", "-pk")


@router.post("/{order_id}/{code}/resolve", response=OrderOut, summary="Resolve an order's anomaly")
@api_permission("orders.review")
def anomaly_resolve(request: HttpRequest, order_id: Id, code: AnomalyCode, data: ResolveIn) -> Any:
    """Clear one anomaly of the order with a remark (audited). 409 ``no_such_anomaly`` when the
    order does not carry it (anymore). Resolving a stuck shipment restarts its clock."""
    order = selectors.order_get(user=request.auth, order_id=order_id)
    services.order_anomaly_resolve(by=request.auth, order=order, code=code, remark=data.remark)
    return selectors.order_get(user=request.auth, order_id=order_id)
