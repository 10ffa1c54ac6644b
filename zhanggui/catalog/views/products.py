"""Product pages: the product list, a product's page, creating and editing products, listing status."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhanggui.core.actors import Actor
from zhanggui.core.exceptions import ServiceError
from zhanggui.core.forms import for_user
from zhanggui.core.permissions import has_perm
from zhanggui.core.views.base import ConsoleView, apply_service_error
from zhanggui.core.views.generic import ObjectDetailView, ObjectFormView
from zhanggui.core.views.tables import Column, format_value
from zhanggui.stores.selectors import store_list

from .. import selectors, services
from ..forms.products import CatalogFilterForm, ListingStatusForm, ProductCreateForm, ProductForm
from ..models import Product, Sku
from .batch import CatalogBatchMixin
from .images import pictures_context


def listings_text(listings: list[Any]) -> str:
    return "; ".join(f"{listing.store}: {listing.get_status_display()}" for listing in listings)


def category_path(product: Product) -> str:
    return " › ".join(product.category.path_names()) if product.category else ""


def price_range(product: Product) -> str:
    """``99.00`` or ``99.00–129.00`` over the product's SKUs."""
    prices = sorted({sku.list_price for sku in product.sku_rows})  # type: ignore[attr-defined]
    if not prices:
        return ""
    low, high = format_value(prices[0]), format_value(prices[-1])
    return low if low == high else f"{low}–{high}"


# The picture standing for the row (a product's main one, a SKU's own or its product's), read by
# the list's selector as an annotation: no query per row. Not exported: it is a file, not data.
PRODUCT_PICTURE = Column(
    "picture",
    gettext_lazy("Picture"),
    value=lambda p: p.main_image,
    template="catalog/cells/picture.html",
    export=False,
)

# A product's SKUs in one cell; the price floor is in it only for those who set prices.
SKUS = Column(
    "skus",
    gettext_lazy("SKUs (merchant code · attributes · price · floor · available)"),
    value=lambda p: ", ".join(s.merchant_code for s in p.sku_rows),
    template="catalog/cells/product_skus.html",
    wrap=True,
    extra={"floor": True},
)
SKUS_WITHOUT_FLOOR = replace(
    SKUS, label=gettext_lazy("SKUs (merchant code · attributes · price · available)"), extra={}
)


class ProductListView(CatalogBatchMixin):
    """The main catalog page: each product with its SKUs, prices, stock and status per store."""

    permission = "catalog.view"
    title = gettext_lazy("Products")
    list_key = "catalog.product"
    filter_form_class = CatalogFilterForm
    export_permission = "catalog.export"
    export_name = "products"
    default_sort = "-updated_at"
    create_url = reverse_lazy("catalog:product_create")
    create_permission = "catalog.edit"
    columns = [
        PRODUCT_PICTURE,
        Column("name", gettext_lazy("Product"), sort="name", link=True, wrap=True),
        Column("spu_code", gettext_lazy("Product code"), sort="spu_code"),
        Column("category", gettext_lazy("Category"), value=category_path),
        SKUS,
        Column("price", gettext_lazy("List price"), value=price_range, numeric=True),
        Column(
            "available",
            gettext_lazy("Available"),
            value=lambda p: sum(s.available for s in p.sku_rows),
            numeric=True,
        ),
        Column(
            "listings",
            gettext_lazy("Listing status"),
            value=lambda p: listings_text(p.visible_listings),
            template="catalog/cells/listings.html",
            wrap=True,
        ),
        Column("updated_at", gettext_lazy("Updated"), sort="updated_at", compact=True),
    ]

    def columns_for(self, user: Actor) -> list[Column]:
        columns = super().columns_for(user)
        if has_perm(user, "catalog.price"):
            return columns
        return [SKUS_WITHOUT_FLOOR if column.key == "skus" else column for column in columns]

    def get_queryset(self, filters: dict[str, Any]) -> QuerySet[Any]:
        return selectors.product_list(user=self.request.user, filters=filters)

    def rows_of(self, objects: Iterable[Product]) -> Iterator[Product]:
        # The category tree is read once, so a category's path costs no query per row.
        categories = {category.pk: category for category in selectors.category_list()}
        for product in objects:
            if product.category_id is not None:
                product.category = categories[product.category_id]
            yield product

    def skus_of(self, objects: list[Product]) -> list[Sku]:
        return list(Sku.objects.filter(product__in=objects))

    def products_of(self, objects: list[Product]) -> list[Product]:
        return objects


class ProductDetailView(ObjectDetailView):
    permission = "catalog.view"
    template_name = "catalog/product_detail.html"

    def get_object(self) -> Product:
        return selectors.product_get(user=self.request.user, product_id=self.kwargs["pk"])

    def get_context(self, obj: Product) -> dict[str, Any]:
        user = self.request.user
        offered = {listing.store_id for listing in obj.visible_listings}
        return {
            "title": obj.name,
            "category_path": category_path(obj),
            "stock_rows": selectors.stock_list(user=user, filters={"product": obj}),
            "knowledge": selectors.knowledge_list(user=user, filters={"product": obj}),
            "timeline": selectors.product_timeline(product=obj),
            "other_stores": store_list(user=user, filters={"is_active": True}).exclude(pk__in=offered),
            "can_edit": has_perm(user, "catalog.edit"),
            "can_price": has_perm(user, "catalog.price"),
            "can_stock": has_perm(user, "catalog.stock"),
            "can_list": has_perm(user, "catalog.listing"),
            "can_edit_knowledge": has_perm(user, "knowledge.edit"),
            "can_audit": has_perm(user, "audit.view"),
            **pictures_context(user, obj.pk),
        }


class ProductCreateView(ObjectFormView):
    permission = "catalog.edit"
    title = gettext_lazy("New product")
    form_class = ProductCreateForm

    def get_form(self, obj: Any, data: Any = None, files: Any = None) -> Any:
        return for_user(self.form_class, self.request.user)(data, files)

    def perform(self, form: Any, obj: Any) -> str:
        data = form.cleaned_data
        product = services.product_create(
            by=self.request.user,
            spu_code=data["spu_code"],
            name=data["name"],
            category=data["category"],
            brand=data["brand"],
            description=data["description"],
            store_ids=[store.pk for store in data["store_ids"]],
        )
        return product.get_absolute_url()


class ProductEditView(ObjectFormView):
    permission = "catalog.edit"
    title = gettext_lazy("Edit product")
    form_class = ProductForm

    def get_object(self) -> Product:
        return selectors.product_get(user=self.request.user, product_id=self.kwargs["pk"])

    def get_initial(self, obj: Product) -> dict[str, Any]:
        fields = ("spu_code", "name", "category", "brand", "description")
        return {name: getattr(obj, name) for name in fields}

    def perform(self, form: Any, obj: Product) -> str:
        product = services.product_update(by=self.request.user, product=obj, **form.cleaned_data)
        return product.get_absolute_url()


class ListingStatusView(ConsoleView):
    """List or delist a product in one store (offering it there if it was not yet)."""

    permission = "catalog.listing"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        product = selectors.product_get(user=request.user, product_id=pk)
        form = for_user(ListingStatusForm, request.user)(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose a store and a status."))
        else:
            try:
                listing = services.listing_status_change(
                    by=request.user,
                    product=product,
                    store=form.cleaned_data["store"],
                    status=form.cleaned_data["status"],
                )
                messages.success(
                    request,
                    _("%(product)s is now %(status)s in %(store)s.")
                    % {"product": product, "status": listing.get_status_display(), "store": listing.store},
                )
            except ServiceError as exc:
                apply_service_error(None, request, exc)
        return HttpResponseRedirect(reverse("catalog:product_detail", args=[product.pk]) + "#listings")
