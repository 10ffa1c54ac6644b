"""Console pages of the order imports: upload (store + format), the generic column mapping, the job's
preview / confirm / progress / result (core's job page), and the history."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _

from zhanggui.core.exceptions import ServiceError
from zhanggui.core.forms import for_user
from zhanggui.core.models import ImportJob
from zhanggui.core.views.base import apply_service_error
from zhanggui.core.views.generic import ObjectFormView, ObjectListView
from zhanggui.core.views.imports import ImportConsole, import_job_columns
from zhanggui.core.views.tables import Column
from zhanggui.stores.selectors import store_list

from .. import imports
from ..forms.imports import MappingForm, OrderImportForm
from ..imports.formats import TAOBAO_LINE_COLUMNS, TAOBAO_ORDER_COLUMNS

PERMISSION = "orders.import"

RESULT_LABELS = {
    "orders_created": _("Orders created"),
    "orders_updated": _("Orders moved to a newer status"),
    "orders_unchanged": _("Orders unchanged"),
    "lines_created": _("Order lines created"),
    "buyers_created": _("Buyers created"),
    "orders_held": _("New orders held for review"),
    "units_reserved": _("Units reserved"),
    "units_shipped": _("Units shipped"),
    "cancellations": _("Cancellations matched"),
    "refunds_recorded": _("Orders refunded"),
    "orders_closed": _("Orders closed by a refund"),
}

ORDER_IMPORT = ImportConsole(
    permission=PERMISSION,
    names="orders:import",
    get=imports.order_import_get,
    confirm=imports.order_import_confirm,
    retry=imports.order_import_retry,
    result_labels=RESULT_LABELS,
    skip_note=_(
        "An order with any invalid line is skipped whole, with all its lines (in both files of a Taobao pair)."
    ),
)


class ImportStartView(ObjectFormView):
    """Upload an export; it is checked in the background and previewed before anything is imported."""

    permission = PERMISSION
    template_name = "orders/import_start.html"
    title = _("Import orders")
    submit_label = _("Upload and check")

    def get_form(self, obj: Any, data: Any = None, files: Any = None) -> forms.Form:
        return for_user(OrderImportForm, self.request.user)(data, files, initial={"format": imports.TAOBAO})

    def perform(self, form: forms.Form, obj: Any) -> str:
        data = form.cleaned_data
        second = data.get("companion_file")
        job = imports.order_import_upload(
            by=self.request.user,
            store=data["store"],
            file_format=data["format"],
            upload=data["file"],
            name=data["file"].name,
            companion=second,
            companion_name=second.name if second else "",
        )
        self.success_message = _("The file is uploaded; its rows are being checked.")
        return reverse("orders:import_preview", args=[job.pk])

    def get_context(self, obj: Any) -> dict[str, Any]:
        return {
            "order_columns": [c.header for c in TAOBAO_ORDER_COLUMNS],
            "line_columns": [c.header for c in TAOBAO_LINE_COLUMNS],
            "jd_columns": [c.header for c in imports.IMPORTERS[imports.JD].columns],
        }


class ImportMappingView(ObjectFormView):
    """Which column of a store's own spreadsheets holds each order field; saved once, used by every later file."""

    permission = PERMISSION
    template_name = "orders/import_mapping.html"
    title = _("Column mapping for other spreadsheets")
    success_message = _("The column mapping is saved; the store's files are read with it from now on.")

    def get_form(self, obj: Any, data: Any = None, files: Any = None) -> forms.Form:
        initial: dict[str, Any] = {}
        raw = self.request.GET.get("store", "")
        store_id = int(raw) if raw.isascii() and raw.isdecimal() else 0
        store = store_list(user=self.request.user, filters={}).filter(pk=store_id).first()
        if store is not None:
            initial["store"] = store
            columns = imports.order_import_mapping_get(user=self.request.user, store=store)
            initial.update({f"columns.{key}": header for key, header in columns.items()})
        return for_user(MappingForm, self.request.user)(data, files, initial=initial)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        sample = request.FILES.get("sample")
        if sample is None:
            return super().post(request, *args, **kwargs)
        # A sample file only fills the form: its headers are offered, and those platforms use are mapped.
        try:
            headers, guess = imports.order_file_headers(by=request.user, upload=sample)
        except ServiceError as exc:
            apply_service_error(None, request, exc)
            headers, guess = [], {}
        initial = {f"columns.{key}": header for key, header in guess.items()}
        store = store_list(user=request.user, filters={}).filter(pk=request.POST.get("store") or 0).first()
        form = for_user(MappingForm, request.user)(initial={"store": store, **initial})
        for key in imports.GENERIC_FIELDS:
            form.fields[f"columns.{key}"].widget.attrs["list"] = "file-headers"
        return render(request, self.template_name, {**self.form_context(form), "headers": headers})

    def form_context(self, form: forms.Form) -> dict[str, Any]:
        return {"form": form, "title": self.title, "submit_label": self.submit_label, **self.get_context(None)}

    def perform(self, form: forms.Form, obj: Any) -> str:
        data = form.cleaned_data
        columns = {key: data.get(f"columns.{key}", "") for key in imports.GENERIC_FIELDS}
        imports.order_import_mapping_save(by=self.request.user, store=data["store"], columns=columns)
        return f"{reverse('orders:import_mapping')}?store={data['store'].pk}"

    def get_context(self, obj: Any) -> dict[str, Any]:
        return {"required_fields": [str(label) for label, required in imports.GENERIC_FIELDS.values() if required]}


FORMATS_BY_KIND = {importer.kind: imports.FORMAT_LABELS[fmt] for fmt, importer in imports.IMPORTERS.items()}


class ImportListView(ObjectListView):
    """The order files the staff member uploaded for their stores, newest first."""

    permission = PERMISSION
    title = _("Order imports")
    create_url = reverse_lazy("orders:import_start")  # type: ignore[assignment]
    template_name = "orders/import_list.html"
    columns = import_job_columns(
        "orders/import_list_file.html",
        Column("store", _("Store")),
        Column("kind", _("Format"), value=lambda job: FORMATS_BY_KIND.get(job.kind, job.kind)),
        created=("orders_created", _("Orders created")),
        updated=("orders_updated", _("Orders updated")),
    )

    def get_queryset(self, filters: dict[str, Any]) -> QuerySet[ImportJob]:
        return imports.order_import_list(user=self.request.user)


urlpatterns = [
    path("imports/", ImportListView.as_view(), name="import_list"),
    path("imports/new/", ImportStartView.as_view(), name="import_start"),
    path("imports/mapping/", ImportMappingView.as_view(), name="import_mapping"),
    *ORDER_IMPORT.job_urls("imports/"),
]
