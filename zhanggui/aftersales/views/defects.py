"""退货率预警 / 缺陷统计: the return-rate flags to take up, and which SKUs come back why in a period."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext as _

from zhanggui.core.exceptions import ServiceError
from zhanggui.core.forms import for_user
from zhanggui.core.views.base import ConsoleView, apply_service_error

from .. import selectors, services
from ..forms.report import PeriodForm

FLAGS_SHOWN = 50


class DefectsView(ConsoleView):
    permission = "aftersales.report"

    def get(self, request: HttpRequest) -> HttpResponse:
        form = for_user(PeriodForm, request.user)(request.GET or None)
        period, store_id = form.period(), form.store_id()  # type: ignore[attr-defined]
        user = request.user
        context = {
            "title": _("Return-rate flags and defect statistics"),
            "form": form,
            "period": period,
            "open_flags": list(selectors.return_rate_flag_list(user=user, filters={"acknowledged": False})),
            "done_flags": list(
                selectors.return_rate_flag_list(user=user, filters={"acknowledged": True})[:FLAGS_SHOWN]
            ),
            "by_sku": selectors.defect_by_sku(user=user, period=period, store_id=store_id),
            "by_reason": selectors.defect_by_reason(user=user, period=period, store_id=store_id),
        }
        return render(request, "aftersales/defects.html", context)


class FlagAcknowledgeView(ConsoleView):
    permission = "aftersales.report"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        flag = selectors.return_rate_flag_get(user=request.user, flag_id=pk)
        try:
            services.return_rate_flag_acknowledge(by=request.user, flag=flag, note=request.POST.get("note", ""))
            messages.success(request, _("Flag of %(sku)s acknowledged.") % {"sku": flag.sku.merchant_code})
        except ServiceError as exc:
            apply_service_error(None, request, exc)
        return HttpResponseRedirect(reverse("aftersales:defects"))


urlpatterns: list = [
    path("defects/", DefectsView.as_view(), name="defects"),
    path("defects/flags/<int:pk>/acknowledge/", FlagAcknowledgeView.as_view(), name="flag_acknowledge"),
]
