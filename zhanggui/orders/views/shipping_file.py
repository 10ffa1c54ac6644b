"""Console pages of batch shipping from a file (批量发货): upload, the per-row report, the template."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext_lazy as _

from zhanggui.core.exceptions import ServiceError
from zhanggui.core.views.base import ConsoleView, apply_service_error
from zhanggui.core.views.generic import ObjectFormView

from ..forms.shipping_file import ShippingFileForm
from ..services.shipping_file import order_shipping_file_apply, shipping_file_template


class ShippingFileView(ObjectFormView):
    """Upload a file of order numbers, carriers and tracking numbers; the answer is the per-row report."""

    permission = "orders.ship"
    form_class = ShippingFileForm
    template_name = "orders/shipping_file.html"
    title = _("Ship orders from a file")
    submit_label = _("Upload and ship")

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self.get_form(None, request.POST, request.FILES)
        if form.is_valid():
            try:
                report = order_shipping_file_apply(by=request.user, stream=form.cleaned_data["file"])
            except ServiceError as exc:
                apply_service_error(form, request, exc)
            else:
                context = {"title": _("Shipping file report"), "report": report, "name": form.cleaned_data["file"].name}
                return render(request, "orders/shipping_file_report.html", context)
        return self.render_form(request, form, None, status=422)


class ShippingFileTemplateView(ConsoleView):
    """The shipping file's headers and an example row, as a CSV that Excel opens."""

    permission = "orders.ship"

    def get(self, request: HttpRequest) -> HttpResponse:
        response = HttpResponse(shipping_file_template(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="shipping-file-template.csv"'
        return response


urlpatterns = [
    path("shipping-file/", ShippingFileView.as_view(), name="shipping_file"),
    path("shipping-file/template/", ShippingFileTemplateView.as_view(), name="shipping_file_template"),
]
