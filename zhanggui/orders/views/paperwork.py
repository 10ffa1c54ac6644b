"""Console pages of the paperwork (打单): the PDFs the batch bars of the order list and the review
queue print, print and ship, and the tracking-number pool (counts per carrier, upload, typed)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse, reverse_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from zhanggui.core.exceptions import ServiceError
from zhanggui.core.exports import file_response, pdf_file
from zhanggui.core.views.base import ConsoleView, apply_service_error
from zhanggui.core.views.generic import BatchAction, SelectionForm
from zhanggui.core.views.pages import safe_next

from .. import selectors, services
from ..forms.paperwork import PrintShipForm, TrackingPoolFileForm, TrackingPoolTypedForm

PRINT_URL = reverse_lazy("orders:paperwork_print")
PICKING = BatchAction("picking_list", _("Picking list"), "orders.ship", style="outline-secondary", url=PRINT_URL)
SLIPS = BatchAction("packing_slips", _("Packing slips"), "orders.ship", style="outline-secondary", url=PRINT_URL)
LABELS = BatchAction("labels", _("Waybill labels"), "orders.ship", style="outline-secondary", url=PRINT_URL)
PRINT_SHIP = BatchAction(
    "print_ship",
    _("Print and ship"),
    "orders.ship",
    form_class=PrintShipForm,
    url=PRINT_URL,
    confirm=_("Ship the selected orders with the next numbers of the carrier's pool and print their labels?"),
)
# The order list prints everything; the review queue's orders are not shipped yet, so no labels there.
ORDER_LIST_ACTIONS = [PICKING, SLIPS, LABELS, PRINT_SHIP]
REVIEW_QUEUE_ACTIONS = [PICKING, SLIPS]


class PaperworkPrintView(ConsoleView):
    """The batch bars' print buttons post the ticked orders here; the answer is the PDF, or back to
    the list with the reason when nothing can be printed."""

    permission = "orders.ship"

    def post(self, request: HttpRequest) -> HttpResponse:
        selection = SelectionForm(request.POST)
        if not selection.is_valid():
            messages.error(request, gettext("Select at least one row."))
            return self.back(request)
        ids = selection.cleaned_data["ids"]
        action = request.POST.get("_action", "")
        try:
            if action in (services.PICKING_LIST, services.PACKING_SLIPS):
                pdf = services.order_paperwork_pdf(by=request.user, document=action, order_ids=ids)
                return file_response(pdf_file(pdf, action.replace("_", "-")), inline=True)
            if action == LABELS.name:
                labels = services.order_labels_print(by=request.user, order_ids=ids)
                return file_response(pdf_file(labels, "labels"), inline=True)
            if action == PRINT_SHIP.name:
                return self.print_ship(request, ids)
        except ServiceError as exc:
            apply_service_error(None, request, exc)
            return self.back(request)
        messages.error(request, gettext("Unknown action."))
        return self.back(request)

    def print_ship(self, request: HttpRequest, ids: list[int]) -> HttpResponse:
        form = PrintShipForm(request.POST, prefix=PRINT_SHIP.name)
        if not form.is_valid():
            messages.error(request, gettext("Choose the carrier of the labels."))
            return self.back(request)
        result = services.order_batch_print_ship(by=request.user, carrier=form.cleaned_data["carrier"], order_ids=ids)
        # Numbers only of the clerk's own orders: another store's id stays a bare id.
        visible = selectors.order_list(user=request.user, filters={}).filter(pk__in=result.batch.errors)
        numbers = dict(visible.values_list("pk", "platform_order_id"))
        for order_id, error in result.batch.errors.items():
            messages.error(request, f"{numbers.get(order_id, order_id)}: {error}")
        messages.success(
            request,
            gettext("%(done)d of %(count)d order(s) shipped.") % {"done": len(result.batch.done), "count": len(ids)},
        )
        # The messages wait for the clerk's return to the list (the browser shows the labels first).
        return file_response(pdf_file(result.labels, "labels"), inline=True) if result.labels else self.back(request)

    def back(self, request: HttpRequest) -> HttpResponse:
        referer = request.META.get("HTTP_REFERER")
        return HttpResponseRedirect(safe_next(request, referer, reverse("orders:order_list")))


class TrackingPoolView(ConsoleView):
    """The numbers each carrier allocated: how many are left, and adding more from a file or typed."""

    permission = "orders.ship"
    template_name = "orders/tracking_pool.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.page(request, TrackingPoolFileForm(prefix="file"), TrackingPoolTypedForm(prefix="typed"))

    def post(self, request: HttpRequest) -> HttpResponse:
        typed = request.POST.get("_form") == "typed"
        if typed:
            file_form, typed_form = (
                TrackingPoolFileForm(prefix="file"),
                TrackingPoolTypedForm(request.POST, prefix="typed"),
            )
        else:
            file_form = TrackingPoolFileForm(request.POST, request.FILES, prefix="file")
            typed_form = TrackingPoolTypedForm(prefix="typed")
        form: forms.Form = typed_form if typed else file_form
        if form.is_valid():
            data = form.cleaned_data
            by, carrier = request.user, data["carrier"]
            try:
                if typed:
                    result = services.tracking_pool_add(by=by, carrier=carrier, numbers=data["numbers"])
                else:
                    result = services.tracking_pool_import(by=by, carrier=carrier, stream=data["file"])
            except ServiceError as exc:
                apply_service_error(form, request, exc)
            else:
                messages.success(
                    request,
                    gettext("%(added)d number(s) added to the pool; %(existing)d were already there.")
                    % {"added": result.added, "existing": result.existing},
                )
                return HttpResponseRedirect(reverse("orders:tracking_pool"))
        return self.page(request, file_form, typed_form, status=422)

    def page(self, request: HttpRequest, file_form: Any, typed_form: Any, status: int = 200) -> HttpResponse:
        context = {
            "title": _("Tracking number pool"),
            "counts": selectors.tracking_pool_counts(),
            "file_form": file_form,
            "typed_form": typed_form,
        }
        return render(request, self.template_name, context, status=status)


urlpatterns = [
    path("paperwork/print/", PaperworkPrintView.as_view(), name="paperwork_print"),
    path("paperwork/tracking-pool/", TrackingPoolView.as_view(), name="tracking_pool"),
]
