"""Console pages of the product import: upload, check and preview, confirm, progress and result, history, export."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _

from zhanggui.core.exports import file_response
from zhanggui.core.forms import for_user
from zhanggui.core.models import ImportJob
from zhanggui.core.views.base import ConsoleView
from zhanggui.core.views.generic import ObjectFormView, ObjectListView
from zhanggui.core.views.imports import ImportConsole, import_job_columns

from .. import imports
from ..forms.products import CatalogFilterForm
from ..imports.columns import COLUMN_HELP, COLUMNS

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


PRODUCT_IMPORT = ImportConsole(
    permission="catalog.import",
    names="catalog:import",
    get=imports.product_import_get,
    confirm=imports.product_import_confirm,
    retry=imports.product_import_retry,
    result_labels=RESULT_LABELS,
    skip_note=_("A product with any invalid row is skipped whole, with all its SKUs."),
)


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


class ImportListView(ObjectListView):
    """The product files the staff member uploaded, newest first."""

    permission = "catalog.import"
    title = _("Product imports")
    create_url = reverse_lazy("catalog:import_start")  # type: ignore[assignment]
    template_name = "catalog/import_list.html"
    columns = import_job_columns(
        "catalog/import_list_file.html", created=("created", _("SKUs created")), updated=("updated", _("SKUs updated"))
    )

    def get_queryset(self, filters: dict[str, Any]) -> QuerySet[ImportJob]:
        return imports.product_import_list(user=self.request.user)


class ImportTemplateView(ConsoleView):
    """An empty product file with the headers, to fill in."""

    permission = "catalog.import"

    def get(self, request: HttpRequest) -> HttpResponse:
        return file_response(imports.product_import_template())


class ProductExportView(ConsoleView):
    """The SKU list (with the SKU list's filters) as a product file that can be imported again."""

    permission = "catalog.export"

    def get(self, request: HttpRequest) -> HttpResponse:
        form = for_user(CatalogFilterForm, request.user)(request.GET or None)
        filters = {}
        if form.is_bound and form.is_valid():
            filters = {k: v for k, v in form.cleaned_data.items() if v not in (None, "", [], False)}
        file_format = request.GET.get("format", "xlsx")
        return file_response(imports.product_export(by=request.user, filters=filters, file_format=file_format))
