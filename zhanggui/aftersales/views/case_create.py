"""Opening a case from an order's page (申请售后): type, reason, the lines and units, the description."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from zhanggui.core.exceptions import FieldError, ServiceError
from zhanggui.core.views.base import ConsoleView, apply_service_error
from zhanggui.orders.models import Order
from zhanggui.orders.selectors import order_get

from .. import selectors, services
from ..forms.cases import CreateForm

TEMPLATE = "aftersales/case_create.html"


class CaseCreateView(ConsoleView):
    """``?order=<id>``: the order's lines with what each can still pay back, ticked to ask for them."""

    permission = "aftersales.create"

    def order(self, request: HttpRequest) -> Order:
        raw = request.GET.get("order", "")
        if not raw.isdecimal() or not raw.isascii():
            raise Http404(_("Choose an order first."))
        return order_get(user=request.user, order_id=int(raw))

    def form(self, order: Order, data: Any = None) -> CreateForm:
        funds = selectors.order_money(order)
        return CreateForm(data, lines=list(funds.lines.values()))

    def show(self, request: HttpRequest, order: Order, form: CreateForm, status: int = 200) -> HttpResponse:
        context = {
            "title": _("After-sales request on order %(number)s") % {"number": order.platform_order_id},
            "order": order,
            "form": form,
            "cases": selectors.cases_of_order(user=request.user, order_id=order.pk),
        }
        return render(request, TEMPLATE, context, status=status)

    def get(self, request: HttpRequest) -> HttpResponse:
        order = self.order(request)
        return self.show(request, order, self.form(order))

    def post(self, request: HttpRequest) -> HttpResponse:
        order = self.order(request)
        form = self.form(order, request.POST)
        if form.is_valid():
            picked = form.picked()
            try:
                case = services.case_create(
                    by=request.user,
                    order=order,
                    type=form.cleaned_data["type"],
                    reason=form.cleaned_data["reason"],
                    lines=[self.line_input(form, *item) for item in picked],
                    description=form.cleaned_data["description"],
                )
            except ServiceError as exc:
                apply_service_error(form, request, self.on_fields(exc, picked))
            else:
                messages.success(request, _("After-sales case %(number)s opened.") % {"number": case.number})
                return HttpResponseRedirect(reverse("aftersales:case_detail", args=[case.pk]))
        return self.show(request, order, form, status=422)

    @staticmethod
    def line_input(
        form: CreateForm, line_id: int, quantity: int, amount: Decimal | None, swap: int | None
    ) -> services.CaseLineInput:
        # The prefilled amount left as it was means "its share": the service works it out for the units asked.
        prefilled = form.fields[f"line_{line_id}_amount"].initial
        return services.CaseLineInput(
            order_line_id=line_id,
            quantity=quantity,
            amount=None if amount in (None, prefilled) else amount,
            replacement_sku_id=swap,
        )

    @staticmethod
    def on_fields(exc: ServiceError, picked: list[tuple[int, int, Decimal | None, int | None]]) -> ServiceError:
        """The service names ``lines.<n>.<field>``; the form's fields are ``line_<id>_<field>``."""
        renamed = []
        for error in exc.errors:
            parts = error.field.split(".")
            if len(parts) == 3 and parts[0] == "lines" and parts[1].isdigit() and int(parts[1]) < len(picked):
                line_id = picked[int(parts[1])][0]
                field = {"order_line_id": "pick", "replacement_sku_id": "swap"}.get(parts[2], parts[2])
                renamed.append(FieldError(field=f"line_{line_id}_{field}", message=error.message))
            elif error.field == "lines":
                renamed.append(FieldError(field="__all__", message=error.message))
            else:
                renamed.append(error)
        exc.errors = renamed
        return exc
