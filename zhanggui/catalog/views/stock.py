"""Stock pages: stock per SKU and warehouse, low stock, and the warehouses themselves."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhanggui.core.views.generic import BatchAction, ObjectFormView, ObjectListView
from zhanggui.core.views.tables import Column

from .. import selectors, services
from ..forms.batch import StockCountForm, ThresholdForm
from ..forms.stock import LowStockFilterForm, StockFilterForm, WarehouseEditForm, WarehouseForm
from ..models import Stock, Warehouse


class StockListView(ObjectListView):
    """Units on hand, reserved for orders and available, per SKU and warehouse."""

    permission = "catalog.view"
    title = gettext_lazy("Stock")
    list_key = "catalog.stock"
    filter_form_class = StockFilterForm
    export_permission = "catalog.export"
    export_name = "stock"
    columns = [
        Column("sku__product__name", gettext_lazy("Product"), sort="sku__product__name", wrap=True),
        Column(
            "merchant_code",
            gettext_lazy("Merchant code"),
            value=lambda s: s.sku.merchant_code,
            sort="sku__merchant_code",
            template="catalog/cells/stock_sku.html",
        ),
        Column("sku__attributes_text", gettext_lazy("Attributes"), wrap=True),
        Column("warehouse", gettext_lazy("Warehouse"), sort="warehouse__code"),
        Column("on_hand", gettext_lazy("On hand"), sort="on_hand", numeric=True),
        Column("reserved", gettext_lazy("Reserved"), sort="reserved", numeric=True),
        Column("available", gettext_lazy("Available"), sort="units_available", numeric=True),
        Column("low_stock_threshold", gettext_lazy("Low-stock threshold"), sort="low_stock_threshold", numeric=True),
        Column("updated_at", gettext_lazy("Updated"), sort="updated_at", compact=True),
    ]
    batch_actions = [
        BatchAction(
            "stock_count", gettext_lazy("Set units on hand"), "catalog.stock", "do_stock_count", StockCountForm
        ),
        BatchAction(
            "threshold_set",
            gettext_lazy("Set threshold"),
            "catalog.stock",
            "do_threshold_set",
            ThresholdForm,
            "secondary",
        ),
    ]

    def get_queryset(self, filters: dict[str, Any]) -> QuerySet[Any]:
        return selectors.stock_list(user=self.request.user, filters=filters)

    def do_stock_count(self, objects: list[Stock], data: dict[str, Any]) -> str:
        counts = [services.StockCount(s.sku, s.warehouse, data["on_hand"]) for s in objects]
        rows = services.stock_batch_adjust(by=self.request.user, counts=counts, reason=data["reason"])
        return _("%(count)d stock row(s) set to %(units)d units.") % {"count": len(rows), "units": data["on_hand"]}

    def do_threshold_set(self, objects: list[Stock], data: dict[str, Any]) -> str:
        threshold = data["low_stock_threshold"]
        rows = services.stock_threshold_set(by=self.request.user, stocks=objects, low_stock_threshold=threshold)
        return _("Low-stock threshold of %(count)d row(s) set to %(threshold)d.") % {
            "count": len(rows),
            "threshold": threshold,
        }


class LowStockView(StockListView):
    """Rows whose available units are at or below their threshold: what to restock first."""

    title = gettext_lazy("Low stock")
    list_key = "catalog.low_stock"
    filter_form_class = LowStockFilterForm
    export_name = "low-stock"
    default_sort = "units_available"

    def get_queryset(self, filters: dict[str, Any]) -> QuerySet[Any]:
        return selectors.stock_list(user=self.request.user, filters={**filters, "low_only": True})


class WarehouseListView(ObjectListView):
    permission = "catalog.warehouse"
    title = gettext_lazy("Warehouses")
    list_key = "catalog.warehouse"
    create_url = reverse_lazy("catalog:warehouse_create")
    default_sort = "code"
    columns = [
        Column("code", gettext_lazy("Code"), sort="code", link=True),
        Column("name", gettext_lazy("Name"), sort="name"),
        Column("region", gettext_lazy("Region"), sort="region"),
        Column("units", gettext_lazy("Units on hand"), sort="units", numeric=True),
        Column("is_active", gettext_lazy("In use")),
    ]

    def get_queryset(self, filters: dict[str, Any]) -> QuerySet[Any]:
        return selectors.warehouse_list(filters=filters)


class WarehouseCreateView(ObjectFormView):
    permission = "catalog.warehouse"
    title = gettext_lazy("New warehouse")
    form_class = WarehouseForm

    def perform(self, form: Any, obj: Any) -> str:
        services.warehouse_create(by=self.request.user, **form.cleaned_data)
        return reverse("catalog:warehouse_list")


class WarehouseEditView(ObjectFormView):
    permission = "catalog.warehouse"
    title = gettext_lazy("Edit warehouse")
    form_class = WarehouseEditForm

    def get_object(self) -> Warehouse:
        return selectors.warehouse_get(warehouse_id=self.kwargs["pk"])

    def get_initial(self, obj: Warehouse) -> dict[str, Any]:
        return {"name": obj.name, "region": obj.region, "is_active": obj.is_active}

    def get_context(self, obj: Warehouse) -> dict[str, Any]:
        return {"title": f"{self.title} · {obj.code}"}

    def perform(self, form: Any, obj: Warehouse) -> str:
        services.warehouse_update(by=self.request.user, warehouse=obj, **form.cleaned_data)
        return reverse("catalog:warehouse_list")
