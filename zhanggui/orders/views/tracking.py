"""Console pages of the carrier's tracking file (物流轨迹导入): upload, the job's preview and result, history."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import path, reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _

from zhanggui.core.exports import file_response
from zhanggui.core.forms import for_user
from zhanggui.core.models import ImportJob
from zhanggui.core.views.base import ConsoleView
from zhanggui.core.views.generic import ObjectFormView, ObjectListView
from zhanggui.core.views.imports import ImportConsole, import_job_columns

from ..forms.tracking import TrackingImportForm
from ..imports import tracking as tracking_imports
from ..states import LogisticsStatus

PERMISSION = "orders.ship"

TRACKING_IMPORT = ImportConsole(
    permission=PERMISSION,
    names="orders:tracking_import",
    get=tracking_imports.tracking_import_get,
    confirm=tracking_imports.tracking_import_confirm,
    retry=tracking_imports.tracking_import_retry,
    result_labels={
        "events_added": _("Tracking events added"),
        "events_known": _("Tracking events already known"),
        "shipments_updated": _("Shipments with news"),
        "orders_delivered": _("Orders delivered"),
    },
    skip_note=_("Each invalid event is skipped on its own."),
)


class TrackingImportStartView(ObjectFormView):
    """Upload a carrier's tracking export; it is checked in the background and previewed before anything is imported."""

    permission = PERMISSION
    template_name = "orders/tracking_import_start.html"
    title = _("Import tracking")
    submit_label = _("Upload and check")

    def get_form(self, obj: Any, data: Any = None, files: Any = None) -> forms.Form:
        return for_user(TrackingImportForm, self.request.user)(data, files)

    def perform(self, form: forms.Form, obj: Any) -> str:
        upload = form.cleaned_data["file"]
        job = tracking_imports.tracking_import_preview(by=self.request.user, upload=upload, name=upload.name)
        self.success_message = _("The file is uploaded; its rows are being checked.")
        return reverse("orders:tracking_import_preview", args=[job.pk])

    def get_context(self, obj: Any) -> dict[str, Any]:
        help_texts = tracking_imports.COLUMN_HELP
        return {
            "columns": [(column, help_texts[column.key]) for column in tracking_imports.COLUMNS],
            "statuses": LogisticsStatus.choices,
        }


class TrackingImportListView(ObjectListView):
    """The tracking files the staff member uploaded, newest first."""

    permission = PERMISSION
    title = _("Tracking imports")
    create_url = reverse_lazy("orders:tracking_import_start")  # type: ignore[assignment]
    template_name = "orders/tracking_import_list.html"
    columns = import_job_columns(
        "orders/tracking_import_file.html",
        created=("events_added", _("Tracking events added")),
        updated=("shipments_updated", _("Shipments with news")),
    )

    def get_queryset(self, filters: dict[str, Any]) -> QuerySet[ImportJob]:
        return tracking_imports.tracking_import_list(user=self.request.user)


class TrackingImportTemplateView(ConsoleView):
    """An empty tracking file with the headers, to fill in."""

    permission = PERMISSION

    def get(self, request: HttpRequest) -> HttpResponse:
        return file_response(tracking_imports.tracking_import_template())


urlpatterns: list = [
    path("tracking/imports/", TrackingImportListView.as_view(), name="tracking_import_list"),
    path("tracking/imports/new/", TrackingImportStartView.as_view(), name="tracking_import_start"),
    path("tracking/imports/template/", TrackingImportTemplateView.as_view(), name="tracking_import_template"),
    *TRACKING_IMPORT.job_urls("tracking/imports/"),
]
