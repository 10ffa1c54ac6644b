"""Catalog API: warehouses and stock counts."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Status
from ninja.pagination import paginate

from zhanggui.core.api import ApiRouter, PageNumber, api_permission
from zhanggui.core.exceptions import NotFoundError, ValidationFailed

from .. import selectors, services
from ..models import Warehouse
from .schemas.stock import (
    StockAdjustIn,
    StockBatchIn,
    StockFilters,
    StockOut,
    ThresholdIn,
    WarehouseIn,
    WarehouseOut,
    WarehousePatch,
)

router = ApiRouter(tags=["catalog"])


def referenced_warehouse(warehouse_id: int, field: str = "warehouse_id") -> Warehouse:
    try:
        return selectors.warehouse_get(warehouse_id=warehouse_id)
    except NotFoundError as exc:
        raise ValidationFailed.for_field(field, _("No such warehouse.")) from exc


# --- warehouses --------------------------------------------------------------------------------
@router.get("/warehouses", response=list[WarehouseOut], summary="List warehouses")
@api_permission("catalog.view")
@paginate(PageNumber)
def warehouse_list(request: HttpRequest) -> Any:
    return selectors.warehouse_list().order_by("code")


@router.post("/warehouses", response={201: WarehouseOut}, summary="Create a warehouse")
@api_permission("catalog.warehouse")
def warehouse_create(request: HttpRequest, data: WarehouseIn) -> Any:
    return Status(201, services.warehouse_create(by=request.auth, code=data.code, name=data.name, region=data.region))


@router.patch("/warehouses/{int:warehouse_id}", response=WarehouseOut, summary="Update a warehouse")
@api_permission("catalog.warehouse")
def warehouse_update(request: HttpRequest, warehouse_id: int, data: WarehousePatch) -> Any:
    warehouse = selectors.warehouse_get(warehouse_id=warehouse_id)
    return services.warehouse_update(
        by=request.auth,
        warehouse=warehouse,
        name=data.name or warehouse.name,
        region=warehouse.region if data.region is None else data.region,
        is_active=warehouse.is_active if data.is_active is None else data.is_active,
    )


# --- stock -------------------------------------------------------------------------------------
@router.get("/stock", response=list[StockOut], summary="List stock per SKU and warehouse")
@api_permission("catalog.view")
@paginate(PageNumber)
def stock_list(request: HttpRequest, filters: Query[StockFilters]) -> Any:
    """``low_only=true`` gives the rows whose available units are at or below their threshold."""
    return selectors.stock_list(user=request.auth, filters=filters.model_dump(exclude_none=True))


@router.post("/stock/adjust", response=StockOut, summary="Set the counted units of a SKU in a warehouse")
@api_permission("catalog.stock")
def stock_adjust(request: HttpRequest, data: StockAdjustIn) -> Any:
    """Refused (409, field ``on_hand``) below the units reserved for orders."""
    sku = selectors.sku_get(user=request.auth, sku_id=data.sku_id)
    warehouse = referenced_warehouse(data.warehouse_id)
    stock = services.stock_adjust(
        by=request.auth, sku=sku, warehouse=warehouse, on_hand=data.on_hand, reason=data.reason
    )
    return selectors.stock_get(user=request.auth, stock_id=stock.pk)


@router.post("/stock/adjust-batch", response=list[StockOut], summary="Set many stock counts at once")
@api_permission("catalog.stock")
def stock_batch_adjust(request: HttpRequest, data: StockBatchIn) -> Any:
    """All or nothing: a count below its reserved units fails the batch (409, ``counts.<code>@<warehouse>``)."""
    skus = {s.pk: s for s in selectors.sku_list(user=request.auth).filter(pk__in={c.sku_id for c in data.counts})}
    warehouses = {w.pk: w for w in Warehouse.objects.filter(pk__in={c.warehouse_id for c in data.counts})}
    counts = []
    for line in data.counts:
        if line.sku_id not in skus:
            raise NotFoundError()
        if line.warehouse_id not in warehouses:
            raise ValidationFailed.for_field("counts.warehouse_id", _("No such warehouse."))
        counts.append(services.StockCount(skus[line.sku_id], warehouses[line.warehouse_id], line.on_hand))
    rows = services.stock_batch_adjust(by=request.auth, counts=counts, reason=data.reason)
    return list(selectors.stock_list(user=request.auth).filter(pk__in=[r.pk for r in rows]))


@router.post("/stock/threshold", response=list[StockOut], summary="Set the low-stock threshold of stock rows")
@api_permission("catalog.stock")
def stock_threshold_set(request: HttpRequest, data: ThresholdIn) -> Any:
    stocks = list(selectors.stock_list(user=request.auth).filter(pk__in=data.stock_ids))
    if len(stocks) != len(set(data.stock_ids)):
        raise NotFoundError()
    rows = services.stock_threshold_set(by=request.auth, stocks=stocks, low_stock_threshold=data.low_stock_threshold)
    return list(selectors.stock_list(user=request.auth).filter(pk__in=[r.pk for r in rows]))
