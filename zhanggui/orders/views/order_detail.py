"""An order's page (订单详情) and the actions on it: approve, hold, cancel, ship, mark delivered.

Each action is its own POST route with its own permission; on an error it shows the order page
again with the form's errors, or, when posted from another page (``next``, e.g. the review
queue), goes back there with the errors as messages.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhanggui.catalog.selectors import picture_urls, sku_pictures
from zhanggui.core.actors import Actor
from zhanggui.core.exceptions import ServiceError
from zhanggui.core.permissions import has_perm
from zhanggui.core.views.base import ConsoleView, apply_service_error
from zhanggui.core.views.generic import ObjectDetailView
from zhanggui.core.views.pages import safe_next

from .. import selectors, services
from ..constants import carrier_label
from ..forms.orders import AnomalyResolveForm, ReasonForm, RequiredReasonForm, ShipForm
from ..models import Order, OrderLine
from ..selectors.timeline import order_timeline
from ..states import BEFORE_SHIPMENT, OrderStatus
from .display import LOGISTICS_COLOURS, anomaly_rows, review_reason_rows

S = OrderStatus
DETAIL_TEMPLATE = "orders/order_detail.html"
# Action forms on the order page, by prefix (so their fields' names and ids never collide).
ACTION_FORMS: dict[str, type[forms.Form]] = {
    "approve": ReasonForm,
    "hold": RequiredReasonForm,
    "cancel": RequiredReasonForm,
    "ship": ShipForm,
    "resolve": AnomalyResolveForm,
}


def allowed_actions(user: Actor, order: Order) -> dict[str, bool]:
    """What ``user`` may do to ``order`` in its status; the page offers exactly these."""
    before_shipment = order.status in BEFORE_SHIPMENT
    return {
        "approve": order.status == S.UNDER_REVIEW and has_perm(user, "orders.review"),
        "hold": order.status == S.UNDER_REVIEW and has_perm(user, "orders.review"),
        "cancel": before_shipment and has_perm(user, "orders.edit"),
        "ship": order.status == S.AWAITING_SHIPMENT and has_perm(user, "orders.ship"),
        "deliver": order.status == S.SHIPPED and has_perm(user, "orders.ship"),
        "resolve": bool(order.anomalies) and has_perm(user, "orders.review"),
        "edit": before_shipment and has_perm(user, "orders.edit"),
        "price_adjust": before_shipment and has_perm(user, "orders.price_adjust"),
    }


def lines_with_pictures(order: Order) -> list[OrderLine]:
    """The order's lines, each with ``picture``: the URLs of its SKU's picture (or its product's main one), or None."""
    lines = list(order.lines.all())
    names = sku_pictures(line.sku_id for line in lines)
    for line in lines:
        line.picture = picture_urls(names.get(line.sku_id or 0))  # type: ignore[attr-defined]
    return lines


def detail_context(request: HttpRequest, order: Order, bound: dict[str, forms.Form] | None = None) -> dict[str, Any]:
    user = request.user
    action_forms = {name: form_class(prefix=name) for name, form_class in ACTION_FORMS.items()}
    action_forms.update(bound or {})
    return {
        "title": _("Order %(number)s") % {"number": order.platform_order_id},
        "order": order,
        "lines": lines_with_pictures(order),
        "shipments": [
            (shipment, carrier_label(shipment.carrier), LOGISTICS_COLOURS.get(shipment.logistics_status, "secondary"))
            for shipment in order.shipments.all()
        ],
        "reasons": review_reason_rows(order, user),
        "anomalies": anomaly_rows(order),
        "timeline": order_timeline(user=user, order=order),
        "actions": allowed_actions(user, order),
        "forms": action_forms,
        "can_reveal": has_perm(user, "pii.reveal"),
    }


class OrderDetailView(ObjectDetailView):
    """Everything about one order, and the actions its status and the staff member's role allow."""

    permission = "orders.view"
    template_name = DETAIL_TEMPLATE

    def get_object(self) -> Order:
        return selectors.order_get(user=self.request.user, order_id=self.kwargs["pk"])

    def get_context(self, obj: Order) -> dict[str, Any]:
        return detail_context(self.request, obj)


class OrderActionView(ConsoleView):
    """POST one action on one order through its service."""

    name = ""
    success_message: Any = ""

    def perform(self, order: Order, data: dict[str, Any]) -> None:
        raise NotImplementedError

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        order = selectors.order_get(user=request.user, order_id=pk)
        form_class = ACTION_FORMS.get(self.name, forms.Form)
        form = form_class(request.POST, prefix=self.name)
        detail_url = reverse("orders:order_detail", args=[order.pk])
        next_url = safe_next(request, request.POST.get("next"), detail_url)
        if form.is_valid():
            try:
                self.perform(order, form.cleaned_data)
            except ServiceError as exc:
                apply_service_error(form, request, exc)
            else:
                messages.success(request, str(self.success_message) % {"number": order.platform_order_id})
                return HttpResponseRedirect(next_url)
        if next_url != detail_url:
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, f"{order.platform_order_id}: {error}")
            return HttpResponseRedirect(next_url)
        order = selectors.order_get(user=request.user, order_id=pk)
        context = detail_context(request, order, bound={self.name: form})
        return render(request, DETAIL_TEMPLATE, {"object": order, **context}, status=422)


class OrderApproveView(OrderActionView):
    permission = "orders.review"
    name = "approve"
    success_message = gettext_lazy("Order %(number)s approved for shipment.")

    def perform(self, order: Order, data: dict[str, Any]) -> None:
        services.order_review_approve(by=self.request.user, order=order, reason=data["reason"])


class OrderHoldView(OrderActionView):
    permission = "orders.review"
    name = "hold"
    success_message = gettext_lazy("Order %(number)s stays held.")

    def perform(self, order: Order, data: dict[str, Any]) -> None:
        services.order_review_hold(by=self.request.user, order=order, reason=data["reason"])


class OrderCancelView(OrderActionView):
    permission = "orders.edit"
    name = "cancel"
    success_message = gettext_lazy("Order %(number)s cancelled.")

    def perform(self, order: Order, data: dict[str, Any]) -> None:
        services.order_cancel(by=self.request.user, order=order, reason=data["reason"])


class OrderShipView(OrderActionView):
    permission = "orders.ship"
    name = "ship"
    success_message = gettext_lazy("Order %(number)s shipped.")

    def perform(self, order: Order, data: dict[str, Any]) -> None:
        services.order_ship(by=self.request.user, order=order, carrier=data["carrier"], tracking_no=data["tracking_no"])


class OrderDeliverView(OrderActionView):
    permission = "orders.ship"
    name = "deliver"
    success_message = gettext_lazy("Order %(number)s marked delivered.")

    def perform(self, order: Order, data: dict[str, Any]) -> None:
        services.order_deliver(by=self.request.user, order=order)


class OrderAnomalyResolveView(OrderActionView):
    permission = "orders.review"
    name = "resolve"
    success_message = gettext_lazy("Anomaly of order %(number)s resolved.")

    def perform(self, order: Order, data: dict[str, Any]) -> None:
        services.order_anomaly_resolve(by=self.request.user, order=order, code=data["code"], remark=data["remark"])
