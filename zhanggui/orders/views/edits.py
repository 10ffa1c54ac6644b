"""Edits of an order before shipment: address, shipping fee, price, a line's SKU, seller memo.

Each page calls one service with the clerk's remark; the service's errors land on the fields.
Once the order has shipped the pages are not offered: opening one goes back to the order, and a
POST gets the service's refusal.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhanggui.catalog.selectors import sku_list
from zhanggui.core.exceptions import NotFoundError
from zhanggui.core.pii import masked
from zhanggui.core.policy import ORDER_PRICE_ADJUST_LIMITS
from zhanggui.core.views.generic import ObjectFormView

from .. import selectors, services
from ..forms.edits import AddressForm, LineSkuForm, MemoForm, PriceAdjustForm, ShippingFeeForm
from ..models import Order, OrderLine
from ..states import BEFORE_SHIPMENT, status_label


def detail_url(order: Order) -> str:
    return reverse("orders:order_detail", args=[order.pk])


class OrderEditView(ObjectFormView):
    """An edit page of one order; the order's summary stands beside the form."""

    template_name = "orders/order_edit.html"

    def get_object(self) -> Order:
        return selectors.order_get(user=self.request.user, order_id=self.kwargs["pk"])

    def get_context(self, obj: Order) -> dict[str, Any]:
        return {"title": f"{self.title} · {obj.platform_order_id}", "order": obj, "detail_url": detail_url(obj)}

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        order = self.get_object()
        if order.status not in BEFORE_SHIPMENT:
            messages.error(
                request,
                _("Order %(number)s is already “%(status)s”; it can no longer be edited.")
                % {"number": order.platform_order_id, "status": status_label(order.status)},
            )
            return HttpResponseRedirect(detail_url(order))
        return self.render_form(request, self.get_form(order), order)


class OrderAddressEditView(OrderEditView):
    permission = "orders.edit"
    title = gettext_lazy("Change address")
    form_class = AddressForm
    success_message = gettext_lazy("Address changed.")

    def get_initial(self, obj: Order) -> dict[str, Any]:
        return {"province": obj.province, "city": obj.city, "district": obj.district}

    def get_form(self, obj: Order, data: Any = None, files: Any = None) -> forms.Form:
        form = super().get_form(obj, data, files)
        for name in ("receiver_name", "receiver_phone", "address_detail"):  # personal: shown masked
            form.fields[name].widget.attrs["placeholder"] = masked(obj, name)
        return form

    def perform(self, form: Any, obj: Order) -> str:
        services.order_address_change(by=self.request.user, order=obj, **form.cleaned_data)
        return detail_url(obj)


class OrderShippingFeeView(OrderEditView):
    permission = "orders.edit"
    title = gettext_lazy("Change shipping fee")
    form_class = ShippingFeeForm
    success_message = gettext_lazy("Shipping fee changed.")

    def get_initial(self, obj: Order) -> dict[str, Any]:
        return {"shipping_fee": obj.shipping_fee}

    def perform(self, form: Any, obj: Order) -> str:
        services.order_shipping_fee_change(by=self.request.user, order=obj, **form.cleaned_data)
        return detail_url(obj)


class OrderPriceAdjustView(OrderEditView):
    permission = "orders.price_adjust"
    title = gettext_lazy("Adjust price")
    form_class = PriceAdjustForm
    success_message = gettext_lazy("Price adjusted.")

    def get_form(self, obj: Order, data: Any = None, files: Any = None) -> forms.Form:
        form = super().get_form(obj, data, files)
        limit = ORDER_PRICE_ADJUST_LIMITS.get(self.request.user.role)  # type: ignore[union-attr]
        if limit is not None:
            allowed = _("Your role may adjust by at most %(limit)s.") % {"limit": limit}
            form.fields["amount"].help_text = f"{form.fields['amount'].help_text} {allowed}"
        return form

    def perform(self, form: Any, obj: Order) -> str:
        services.order_price_adjust(by=self.request.user, order=obj, **form.cleaned_data)
        return detail_url(obj)


class OrderLineSkuView(OrderEditView):
    """Swap one line to another SKU of its product (换颜色 / 换尺码), or match an unmatched line."""

    permission = "orders.edit"
    title = gettext_lazy("Change SKU")
    form_class = LineSkuForm
    success_message = gettext_lazy("SKU changed.")

    def line(self, order: Order) -> OrderLine:
        line = next((line for line in order.lines.all() if line.pk == self.kwargs["line_id"]), None)
        if line is None:
            raise NotFoundError()
        return line

    def get_form(self, obj: Order, data: Any = None, files: Any = None) -> forms.Form:
        line = self.line(obj)
        # A line matching no SKU (held as unmatched) is matched to any SKU the store sells.
        narrowed = {"product": line.sku.product_id} if line.sku is not None else {"store": obj.store_id}
        skus = sku_list(user=self.request.user, filters={**narrowed, "is_active": True}).order_by("merchant_code")
        return LineSkuForm(data, initial={"sku": line.sku_id}, skus=skus)

    def get_context(self, obj: Order) -> dict[str, Any]:
        return {**super().get_context(obj), "line": self.line(obj)}

    def perform(self, form: Any, obj: Order) -> str:
        services.order_line_sku_change(by=self.request.user, order=obj, line=self.line(obj), **form.cleaned_data)
        return detail_url(obj)


class OrderMemoView(OrderEditView):
    permission = "orders.edit"
    title = gettext_lazy("Seller memo")
    form_class = MemoForm
    success_message = gettext_lazy("Seller memo saved.")

    def get_initial(self, obj: Order) -> dict[str, Any]:
        return {"seller_memo": obj.seller_memo, "memo_flag": obj.memo_flag}

    def perform(self, form: Any, obj: Order) -> str:
        data = form.cleaned_data
        services.order_memo_set(
            by=self.request.user, order=obj, memo=data["seller_memo"], flag=data["memo_flag"], reason=data["reason"]
        )
        return detail_url(obj)
