"""Console pages of the after-sales imports: upload (store, format, mapping), the job's preview /
confirm / progress / result (core's job page), and the history."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.urls import path, reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _

from zhanggui.core.forms import for_user
from zhanggui.core.models import ImportJob
from zhanggui.core.views.generic import ObjectFormView, ObjectListView
from zhanggui.core.views.imports import ImportConsole, import_job_columns
from zhanggui.core.views.tables import Column
from zhanggui.stores.selectors import store_list

from .. import imports
from ..forms.imports import CaseImportForm

PERMISSION = "aftersales.import"

CASE_IMPORT = ImportConsole(
    permission=PERMISSION,
    names="aftersales:import",
    get=imports.case_import_get,
    confirm=imports.case_import_confirm,
    retry=imports.case_import_retry,
    result_labels={
        "cases_created": _("Cases opened"),
        "cases_updated": _("Cases moved forward"),
        "cases_unchanged": _("Cases unchanged"),
        "refunds_issued": _("Refunds recorded"),
    },
    skip_note=_("Each invalid row is skipped on its own."),
)


class ImportStartView(ObjectFormView):
    """Upload a platform's after-sales export; it is checked in the background and previewed first."""

    permission = PERMISSION
    template_name = "aftersales/import_start.html"
    title = _("Import after-sales")
    submit_label = _("Upload and check")

    def get_form(self, obj: Any, data: Any = None, files: Any = None) -> forms.Form:
        initial: dict[str, Any] = {"format": imports.TAOBAO}
        user = self.request.user
        raw = self.request.GET.get("store", "")
        store_id = int(raw) if raw.isascii() and raw.isdecimal() else 0
        store = store_list(user=user, filters={}).filter(pk=store_id).first()
        if store is not None:
            initial["store"] = store
            columns = imports.case_import_mapping_last(user=user, store=store)
            initial.update({f"columns.{key}": header for key, header in columns.items()})
        return for_user(CaseImportForm, user)(data, files, initial=initial)

    def perform(self, form: forms.Form, obj: Any) -> str:
        data = form.cleaned_data
        job = imports.case_import_upload(
            by=self.request.user,
            store=data["store"],
            file_format=data["format"],
            upload=data["file"],
            name=data["file"].name,
            mapping=form.mapping() if data["format"] == imports.GENERIC else None,  # type: ignore[attr-defined]
        )
        self.success_message = _("The file is uploaded; its rows are being checked.")
        return reverse("aftersales:import_preview", args=[job.pk])

    def get_context(self, obj: Any) -> dict[str, Any]:
        return {
            "taobao_columns": [c.header for c in imports.TAOBAO_COLUMNS],
            "jd_columns": [c.header for c in imports.JD_COLUMNS],
        }


FORMATS_BY_KIND = {importer.kind: imports.FORMAT_LABELS[fmt] for fmt, importer in imports.IMPORTERS.items()}


class ImportListView(ObjectListView):
    """The after-sales files the staff member uploaded for their stores, newest first."""

    permission = PERMISSION
    title = _("After-sales imports")
    create_url = reverse_lazy("aftersales:import_start")  # type: ignore[assignment]
    template_name = "core/list.html"
    columns = import_job_columns(
        "aftersales/import_list_file.html",
        Column("store", _("Store")),
        Column("kind", _("Format"), value=lambda job: FORMATS_BY_KIND.get(job.kind, job.kind)),
        created=("cases_created", _("Cases opened")),
        updated=("cases_updated", _("Cases moved forward")),
    )

    def get_queryset(self, filters: dict[str, Any]) -> QuerySet[ImportJob]:
        return imports.case_import_list(user=self.request.user)


urlpatterns = [
    path("imports/", ImportListView.as_view(), name="import_list"),
    path("imports/new/", ImportStartView.as_view(), name="import_start"),
    *CASE_IMPORT.job_urls("imports/"),
]
