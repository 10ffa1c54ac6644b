"""Batch actions shared by the product and SKU lists: prices, stock counts, listing status.

Each action calls one batch service, so a batch is all-or-nothing and writes one audit row.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhanggui.core.forms import for_user
from zhanggui.core.views.generic import BatchAction, ObjectListView
from zhanggui.core.views.tables import format_value

from .. import services
from ..forms.batch import ListingActionForm, PriceChangeForm, PriceSetForm, StockSetForm
from ..models import ListingStatus, Product, Sku


class UserFormsMixin(ObjectListView):
    """Binds the filter and batch-action forms to the signed-in staff member (their stores)."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            if self.filter_form_class is not None:
                self.filter_form_class = for_user(self.filter_form_class, request.user)
            self.batch_actions = [
                BatchAction(
                    name=a.name,
                    label=a.label,
                    permission=a.permission,
                    method=a.method,
                    form_class=for_user(a.form_class, request.user) if a.form_class else None,
                    style=a.style,
                )
                for a in type(self).batch_actions
            ]
        return super().dispatch(request, *args, **kwargs)


CATALOG_BATCH_ACTIONS = [
    BatchAction("price_set", gettext_lazy("Set price"), "catalog.price", "do_price_set", PriceSetForm),
    BatchAction("price_change", gettext_lazy("Change price"), "catalog.price", "do_price_change", PriceChangeForm),
    BatchAction("stock_set", gettext_lazy("Set stock"), "catalog.stock", "do_stock_set", StockSetForm, "secondary"),
    BatchAction(
        "listing_set",
        gettext_lazy("List / delist"),
        "catalog.listing",
        "do_listing_set",
        ListingActionForm,
        "secondary",
    ),
]


class CatalogBatchMixin(UserFormsMixin):
    """The catalog batch actions; subclasses say which SKUs and products the selected rows mean."""

    batch_actions = CATALOG_BATCH_ACTIONS

    def skus_of(self, objects: list[Any]) -> list[Sku]:
        raise NotImplementedError

    def products_of(self, objects: list[Any]) -> list[Product]:
        raise NotImplementedError

    def do_price_set(self, objects: list[Any], data: dict[str, Any]) -> str:
        skus = services.sku_price_batch_change(
            by=self.request.user,
            skus=self.skus_of(objects),
            mode="set",
            value=data["list_price"],
            reason=data["reason"],
        )
        price = format_value(data["list_price"])
        return _("Price set to %(price)s for %(count)d SKU(s).") % {"price": price, "count": len(skus)}

    def do_price_change(self, objects: list[Any], data: dict[str, Any]) -> str:
        skus = services.sku_price_batch_change(
            by=self.request.user,
            skus=self.skus_of(objects),
            mode=data["mode"],
            value=data["value"],
            reason=data["reason"],
        )
        return _("Prices of %(count)d SKU(s) changed.") % {"count": len(skus)}

    def do_stock_set(self, objects: list[Any], data: dict[str, Any]) -> str:
        counts = [services.StockCount(sku, data["warehouse"], data["on_hand"]) for sku in self.skus_of(objects)]
        rows = services.stock_batch_adjust(by=self.request.user, counts=counts, reason=data["reason"])
        return _("Stock of %(count)d SKU(s) in %(warehouse)s set to %(units)d.") % {
            "count": len(rows),
            "warehouse": data["warehouse"],
            "units": data["on_hand"],
        }

    def do_listing_set(self, objects: list[Any], data: dict[str, Any]) -> str:
        listings = services.listing_batch_status_change(
            by=self.request.user, status=data["status"], products=self.products_of(objects), store=data["store"]
        )
        return _("%(count)d product(s) in %(store)s are now %(status)s.") % {
            "count": len(listings),
            "store": data["store"],
            "status": ListingStatus(data["status"]).label,
        }
