"""Reads of warehouses and stock rows; stock follows its product's scope."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import F, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from zhanggui.core.actors import Actor
from zhanggui.core.exceptions import NotFoundError

from ..models import Stock, Warehouse
from .categories import category_descendant_ids
from .listings import _in_scope


def _low_stock_rows() -> QuerySet[Stock]:
    # available (on_hand - reserved) <= threshold, written so each side is a column expression.
    return Stock.objects.filter(on_hand__lte=F("reserved") + F("low_stock_threshold"))


def warehouse_list(*, filters: dict[str, Any] | None = None) -> QuerySet[Warehouse]:
    filters = filters or {}
    queryset = Warehouse.objects.annotate(units=Coalesce(Sum("stock__on_hand"), Value(0)))
    if keyword := (filters.get("q") or "").strip():
        queryset = queryset.filter(Q(code__icontains=keyword) | Q(name__icontains=keyword))
    if (active := filters.get("is_active")) is not None:
        queryset = queryset.filter(is_active=active)
    return queryset


def warehouse_get(*, warehouse_id: int) -> Warehouse:
    warehouse = Warehouse.objects.filter(pk=warehouse_id).first()
    if warehouse is None:
        raise NotFoundError()
    return warehouse


def stock_list(*, user: Actor, filters: dict[str, Any] | None = None) -> QuerySet[Stock]:
    """Stock rows (SKU × warehouse) in scope, with ``units_available`` (on hand − reserved) to sort by."""
    filters = filters or {}
    queryset = _in_scope(
        Stock.objects.select_related("sku", "sku__product", "warehouse"), user, "sku__product_id"
    ).annotate(units_available=F("on_hand") - F("reserved"))
    if keyword := (filters.get("q") or "").strip():
        queryset = queryset.filter(
            Q(sku__merchant_code__icontains=keyword)
            | Q(sku__barcode__icontains=keyword)
            | Q(sku__product__name__icontains=keyword)
        )
    if warehouse := filters.get("warehouse"):
        queryset = queryset.filter(warehouse_id=getattr(warehouse, "pk", warehouse))
    if category := filters.get("category"):
        queryset = queryset.filter(
            sku__product__category_id__in=category_descendant_ids(getattr(category, "pk", category))
        )
    if sku := filters.get("sku"):
        queryset = queryset.filter(sku_id=getattr(sku, "pk", sku))
    if product := filters.get("product"):
        queryset = queryset.filter(sku__product_id=getattr(product, "pk", product))
    if filters.get("low_only"):
        queryset = queryset.filter(pk__in=_low_stock_rows().values("pk"))
    return queryset.order_by("sku__product_id", "sku__merchant_code", "warehouse__code")


def low_stock_list(*, user: Actor) -> QuerySet[Stock]:
    """Stock rows whose available units are at or below their low-stock threshold."""
    return stock_list(user=user, filters={"low_only": True})


def stock_get(*, user: Actor, stock_id: int) -> Stock:
    stock = stock_list(user=user).filter(pk=stock_id).first()
    if stock is None:
        raise NotFoundError()
    return stock


def stock_rows_for_skus(*, sku_ids: Iterable[int]) -> list[Stock]:
    """The stock rows of these SKUs in active warehouses, with their SKU and warehouse, by warehouse
    and SKU. A read without locks, for choosing where to reserve; the reservation itself decides."""
    rows = Stock.objects.select_related("sku", "warehouse").filter(sku_id__in=list(sku_ids), warehouse__is_active=True)
    return list(rows.order_by("warehouse_id", "sku_id"))


def stock_available(*, sku_ids: Iterable[int]) -> dict[int, dict[int, int]]:
    """Units free to reserve (on hand − reserved) in active warehouses: warehouse → SKU → units.

    A read without locks, for choosing where to reserve; the reservation itself decides.
    """
    available: dict[int, dict[int, int]] = {}
    rows = Stock.objects.filter(sku_id__in=list(sku_ids), warehouse__is_active=True).values_list(
        "warehouse_id", "sku_id", "on_hand", "reserved"
    )
    for warehouse_id, sku_id, on_hand, reserved in rows:
        available.setdefault(warehouse_id, {})[sku_id] = on_hand - reserved
    return available
