"""SKU pages: the SKU and price list, creating and editing SKUs, their prices and stock counts."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy

from zhanggui.core.permissions import has_perm
from zhanggui.core.views.generic import ObjectFormView
from zhanggui.core.views.tables import Column

from .. import selectors, services
from ..forms.products import CatalogFilterForm
from ..forms.skus import SkuCreateForm, SkuForm, SkuPriceFloorForm, SkuPriceForm
from ..forms.stock import StockAdjustForm
from ..models import SKU_ATTRIBUTES, Product, Sku
from .batch import CatalogBatchMixin
from .products import PRODUCT_PICTURE, listings_text

SKU_SORTS = ("product__name", "product_id", "merchant_code")


class SkuListView(CatalogBatchMixin):
    """One row per SKU, grouped by product, with prices, available units and listing status."""

    permission = "catalog.view"
    title = gettext_lazy("SKUs & prices")
    list_key = "catalog.sku"
    filter_form_class = CatalogFilterForm
    export_permission = "catalog.export"
    export_name = "skus"
    table_template = "catalog/sku_table.html"
    columns = [
        Column(
            "product",
            gettext_lazy("Product"),
            value=lambda s: s.product.name,
            sort="product__name",
            template="catalog/cells/sku_product.html",
            extra={"group": True},
        ),
        replace(PRODUCT_PICTURE, value=lambda s: s.picture),
        Column("merchant_code", gettext_lazy("Merchant code"), sort="merchant_code", link=True),
        Column("attributes_text", gettext_lazy("Attributes")),
        Column("barcode", gettext_lazy("Barcode")),
        Column("list_price", gettext_lazy("List price"), sort="list_price", numeric=True),
        Column(
            "price_floor", gettext_lazy("Price floor"), sort="price_floor", numeric=True, permission="catalog.price"
        ),
        Column("available", gettext_lazy("Available"), sort="available", numeric=True),
        Column(
            "listings",
            gettext_lazy("Listing status"),
            value=lambda s: listings_text(s.product.visible_listings),
            template="catalog/cells/sku_listings.html",
            extra={"group": True},
        ),
        Column("is_active", gettext_lazy("On sale")),
    ]

    def get_queryset(self, filters: dict[str, Any]) -> QuerySet[Any]:
        return selectors.sku_list(user=self.request.user, filters=filters)

    def sorted(self, queryset: QuerySet[Any], sort: str) -> QuerySet[Any]:
        if sort.lstrip("-") in self.sortable():
            return super().sorted(queryset, sort)
        return queryset.order_by(*SKU_SORTS)  # rows of one product stay together

    def skus_of(self, objects: list[Sku]) -> list[Sku]:
        return objects

    def products_of(self, objects: list[Sku]) -> list[Product]:
        return list({sku.product_id: sku.product for sku in objects}.values())


class SkuCreateView(ObjectFormView):
    permission = "catalog.edit"
    title = gettext_lazy("New SKU")
    form_class = SkuCreateForm

    def get_object(self) -> Product:
        return selectors.product_get(user=self.request.user, product_id=self.kwargs["pk"])

    def get_context(self, obj: Product) -> dict[str, Any]:
        return {"title": f"{self.title} · {obj}"}

    def perform(self, form: Any, obj: Product) -> str:
        data = form.cleaned_data
        services.sku_create(
            by=self.request.user,
            product=obj,
            merchant_code=data["merchant_code"],
            barcode=data["barcode"],
            attributes=form.attributes(),
            list_price=data["list_price"],
            price_floor=data["price_floor"],
        )
        return obj.get_absolute_url()


class SkuObjectMixin(ObjectFormView):
    def get_object(self) -> Sku:
        return selectors.sku_get(user=self.request.user, sku_id=self.kwargs["pk"])

    def get_context(self, obj: Sku) -> dict[str, Any]:
        user = self.request.user
        return {
            "title": f"{self.title} · {obj.merchant_code}",
            "sku": obj,
            "stock_rows": selectors.stock_list(user=user, filters={"sku": obj}),
            "can_price": has_perm(user, "catalog.price"),
            "can_stock": has_perm(user, "catalog.stock"),
            "price_form": SkuPriceForm(initial={"list_price": obj.list_price}),
            "floor_form": SkuPriceFloorForm(initial={"price_floor": obj.price_floor}),
        }


class SkuEditView(SkuObjectMixin):
    """A SKU's codes and attributes; its price, price floor and stock are changed from the side panel."""

    permission = "catalog.edit"
    title = gettext_lazy("Edit SKU")
    form_class = SkuForm
    template_name = "catalog/sku_form.html"

    def get_initial(self, obj: Sku) -> dict[str, Any]:
        initial = {"merchant_code": obj.merchant_code, "barcode": obj.barcode, "is_active": obj.is_active}
        return {**initial, **{key: obj.attributes.get(key, "") for key in SKU_ATTRIBUTES}}

    def perform(self, form: Any, obj: Sku) -> str:
        data = form.cleaned_data
        services.sku_update(
            by=self.request.user,
            sku=obj,
            merchant_code=data["merchant_code"],
            barcode=data["barcode"],
            attributes=form.attributes(),
            is_active=data["is_active"],
        )
        return obj.product.get_absolute_url()


class SkuPriceView(SkuObjectMixin):
    permission = "catalog.price"
    title = gettext_lazy("Change price")
    form_class = SkuPriceForm
    success_message = gettext_lazy("Price changed.")

    def get_initial(self, obj: Sku) -> dict[str, Any]:
        return {"list_price": obj.list_price}

    def perform(self, form: Any, obj: Sku) -> str:
        services.sku_price_change(by=self.request.user, sku=obj, **form.cleaned_data)
        return obj.get_absolute_url()


class SkuPriceFloorView(SkuObjectMixin):
    permission = "catalog.price"
    title = gettext_lazy("Change price floor")
    form_class = SkuPriceFloorForm
    success_message = gettext_lazy("Price floor changed.")

    def get_initial(self, obj: Sku) -> dict[str, Any]:
        return {"price_floor": obj.price_floor}

    def perform(self, form: Any, obj: Sku) -> str:
        services.sku_price_floor_change(by=self.request.user, sku=obj, **form.cleaned_data)
        return obj.get_absolute_url()


class StockAdjustView(SkuObjectMixin):
    """Set the counted units of a SKU in one warehouse."""

    permission = "catalog.stock"
    title = gettext_lazy("Set stock")
    form_class = StockAdjustForm
    success_message = gettext_lazy("Stock updated.")

    def get_initial(self, obj: Sku) -> dict[str, Any]:
        return {"warehouse": self.request.GET.get("warehouse")}

    def perform(self, form: Any, obj: Sku) -> str:
        services.stock_adjust(by=self.request.user, sku=obj, **form.cleaned_data)
        return obj.product.get_absolute_url() + "#stock"
