"""Console pages of the product import: upload, check and preview, confirm, progress and result, history, export."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _

from zhanggui.core.exceptions import ServiceError
from zhanggui.core.forms import for_user
from zhanggui.core.imports import ERRORS_KEPT, import_job_can_retry, import_job_sample
from zhanggui.core.models import ImportJob, ImportStatus
from zhanggui.core.views.base import ConsoleView, apply_service_error
from zhanggui.core.views.generic import ObjectFormView, ObjectListView
from zhanggui.core.views.tables import Column

from . import imports
from .forms import CatalogFilterForm
from .imports.columns import COLUMN_HELP, COLUMNS

STATUS_COLOURS = {
    ImportStatus.CHECKING: "cyan",
    ImportStatus.PREVIEWED: "blue",
    ImportStatus.QUEUED: "azure",
    ImportStatus.RUNNING: "azure",
    ImportStatus.DONE: "green",
    ImportStatus.FAILED: "red",
}

# What the result of a finished import says, in display order.
RESULT_LABELS = {
    "skus_created": _("SKUs created"),
    "skus_updated": _("SKUs updated"),
    "skus_unchanged": _("SKUs unchanged"),
    "products_created": _("Products created"),
    "products_updated": _("Products updated"),
    "categories_created": _("Categories created"),
    "stock_set": _("Stock counts set"),
    "listings_created": _("Listings created"),
    "listings_changed": _("Listing statuses changed"),
}


class ProductImportForm(forms.Form):
    file = forms.FileField(
        label=_("Product file"),
        help_text=_("An Excel workbook (.xlsx) or a CSV file (UTF-8 or GBK), one row per SKU."),
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".xlsx,.csv"}),
    )


class ImportStartView(ObjectFormView):
    """Upload a product file; it is checked in the background and previewed before anything is imported."""

    permission = "catalog.import"
    form_class = ProductImportForm
    template_name = "catalog/import_start.html"
    title = _("Import products")
    submit_label = _("Upload and check")

    def perform(self, form: forms.Form, obj: Any) -> str:
        upload = form.cleaned_data["file"]
        job = imports.product_import_preview(by=self.request.user, upload=upload, name=upload.name)
        self.success_message = _("The file is uploaded; its rows are being checked.")
        return reverse("catalog:import_preview", args=[job.pk])

    def get_context(self, obj: Any) -> dict[str, Any]:
        return {"columns": [(column, COLUMN_HELP[column.key]) for column in COLUMNS]}


class ImportPreviewView(ConsoleView):
    """One import: the check's progress, then its preview (errors or sample rows) and Confirm; then progress and result.

    While the file is checked or the import runs, the progress bar polls, and reloads this page when
    the job's status changes (see ``core.views.pages.ImportJobProgressView``).
    """

    permission = "catalog.import"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        job = imports.product_import_get(user=request.user, job_id=pk)
        context: dict[str, Any] = {
            "title": _("Import %(name)s") % {"name": job.original_name},
            "job": job,
            "errors_kept": ERRORS_KEPT,
            "errors_hidden": max(job.error_count - len(job.errors), 0),
            "can_retry": import_job_can_retry(job),
            "check_again": job.checked_at is None,  # a retry checks the file again rather than importing
        }
        if job.status == ImportStatus.DONE:
            context["result_rows"] = [(label, job.result.get(key, 0)) for key, label in RESULT_LABELS.items()]
        if job.status == ImportStatus.PREVIEWED and not job.error_count:
            context["sample_header"], context["sample_rows"] = import_job_sample(job)
        return render(request, "catalog/import_preview.html", context)


class ImportConfirmView(ConsoleView):
    permission = "catalog.import"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        try:
            imports.product_import_confirm(by=request.user, job_id=pk)
        except ServiceError as exc:
            apply_service_error(None, request, exc)
        return HttpResponseRedirect(reverse("catalog:import_preview", args=[pk]))


class ImportRetryView(ConsoleView):
    permission = "catalog.import"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        try:
            job = imports.product_import_retry(by=request.user, job_id=pk)
            if job.checked_at is None:
                messages.success(request, _("The file is being checked again."))
            else:
                messages.success(request, _("The import is queued again."))
        except ServiceError as exc:
            apply_service_error(None, request, exc)
        return HttpResponseRedirect(reverse("catalog:import_preview", args=[pk]))


class ImportListView(ObjectListView):
    """The product files the staff member uploaded, newest first."""

    permission = "catalog.import"
    title = _("Product imports")
    create_url = reverse_lazy("catalog:import_start")  # type: ignore[assignment]
    template_name = "catalog/import_list.html"
    columns = [
        Column("created_at", _("Uploaded"), sort="created_at"),
        Column("original_name", _("File"), template="catalog/import_list_file.html"),
        Column(
            "status",
            _("Status"),
            value=lambda job: job.get_status_display(),
            badge=lambda job: STATUS_COLOURS.get(job.status, "secondary"),
        ),
        Column("total_rows", _("Rows"), numeric=True),
        Column("error_count", _("Errors"), numeric=True),
        Column("created", _("SKUs created"), value=lambda job: job.result.get("created"), numeric=True),
        Column("updated", _("SKUs updated"), value=lambda job: job.result.get("updated"), numeric=True),
        Column("finished_at", _("Finished"), sort="finished_at"),
    ]

    def get_queryset(self, filters: dict[str, Any]) -> QuerySet[ImportJob]:
        return imports.product_import_list(user=self.request.user)


class ImportTemplateView(ConsoleView):
    """An empty product file with the headers, to fill in."""

    permission = "catalog.import"

    def get(self, request: HttpRequest) -> HttpResponse:
        return imports.product_import_template()


class ProductExportView(ConsoleView):
    """The SKU list (with the SKU list's filters) as a product file that can be imported again."""

    permission = "catalog.export"

    def get(self, request: HttpRequest) -> HttpResponse:
        form = for_user(CatalogFilterForm, request.user)(request.GET or None)
        filters = {}
        if form.is_bound and form.is_valid():
            filters = {k: v for k, v in form.cleaned_data.items() if v not in (None, "", [], False)}
        file_format = request.GET.get("format", "xlsx")
        return imports.product_export(by=request.user, filters=filters, file_format=file_format)
