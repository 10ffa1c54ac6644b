"""The after-sales report page (售后报表): a period's volume, money, reasons and handling times; XLSX export."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext as _

from zhanggui.core.exports import file_response
from zhanggui.core.forms import for_user
from zhanggui.core.views.base import ConsoleView

from .. import selectors, services
from ..forms.report import PeriodForm


class ReportView(ConsoleView):
    permission = "aftersales.report"

    def get(self, request: HttpRequest) -> HttpResponse:
        form = for_user(PeriodForm, request.user)(request.GET or None)
        period, store_id = form.period(), form.store_id()  # type: ignore[attr-defined]
        if request.GET.get("export") in ("xlsx", "csv"):
            exported = services.aftersales_report_export(
                by=request.user, period=period, store_id=store_id, file_format=request.GET["export"]
            )
            return file_response(exported)
        report = selectors.aftersales_report(user=request.user, period=period, store_id=store_id)
        query = request.GET.copy()
        query.pop("export", None)
        context = {"title": _("After-sales report"), "form": form, "report": report, "query": query.urlencode()}
        return render(request, "aftersales/report.html", context)


urlpatterns: list = [
    path("report/", ReportView.as_view(), name="report"),
]
