"""Console pages every import shares: one job's page (check progress, preview, confirm, progress,
result), and its Confirm and Run-again buttons. Each app describes its import once as an
``ImportConsole`` and mounts ``job_urls()``."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext_lazy as _

from ..exceptions import ServiceError
from ..exports import file_response
from ..imports import ERRORS_KEPT, import_job_can_retry, import_job_rejects, import_job_sample
from ..models import ImportJob, ImportStatus
from .base import ConsoleView, apply_service_error
from .tables import Column

STATUS_COLOURS = {
    ImportStatus.CHECKING: "cyan",
    ImportStatus.PREVIEWED: "blue",
    ImportStatus.QUEUED: "azure",
    ImportStatus.RUNNING: "azure",
    ImportStatus.DONE: "green",
    ImportStatus.FAILED: "red",
}

# Shown on the result of an import whose uploader chose to skip invalid rows.
SKIP_LABELS = {"imported": _("Rows imported"), "skipped": _("Invalid rows skipped")}


@dataclass(frozen=True)
class ImportConsole:
    """One import as its job pages see it: permission, URL names and the services they call."""

    permission: str
    names: str  # URL-name prefix: ``<names>_start``, ``_list``, ``_preview``, ``_confirm``, ``_retry``
    get: Callable[..., ImportJob]  # (user=, job_id=)
    confirm: Callable[..., object]  # (by=, job_id=)
    retry: Callable[..., ImportJob]  # (by=, job_id=)
    result_labels: Mapping[str, Any] = field(default_factory=dict)  # result key → label, in display order
    # What a skipping import leaves out besides the invalid rows (e.g. an order's other lines);
    # None: the page offers no skipping (its ``confirm`` takes no ``skip_invalid``).
    skip_note: Any = None

    def url(self, page: str) -> str:
        return f"{self.names}_{page}"

    def job_urls(self, route: str = "") -> list[URLPattern]:
        """The job's page at ``<route><pk>/``, its buttons at ``confirm/`` and ``retry/`` below it, and
        the rows a skipping import left out at ``rejects/`` (``?file=companion``: of the second file)."""
        name = self.names.rpartition(":")[2]
        pages: list[tuple[str, str, type[ConsoleView]]] = [
            ("preview", "", ImportJobPageView),
            ("confirm", "confirm/", ImportConfirmView),
            ("retry", "retry/", ImportRetryView),
            ("rejects", "rejects/", ImportRejectsView),
        ]
        return [
            path(f"{route}<int:pk>/{suffix}", self._view(base).as_view(), name=f"{name}_{page}")
            for page, suffix, base in pages
        ]

    def _view(self, base: type[ConsoleView]) -> type[ConsoleView]:
        # A class per import, so the route's permission sits on its view class like every other's.
        return type(base.__name__, (base,), {"permission": self.permission, "console": self})


def import_job_columns(
    file_template: str, *between: Column, created: tuple[str, Any], updated: tuple[str, Any]
) -> list[Column]:
    """An import history's columns: uploaded, file, ``between``, status, rows, errors, the result's
    created and updated counts (each ``(result key, label)``), finished."""
    return [
        Column("created_at", _("Uploaded"), sort="created_at"),
        Column("original_name", _("File"), template=file_template),
        *between,
        Column(
            "status",
            _("Status"),
            value=lambda job: job.get_status_display(),
            badge=lambda job: STATUS_COLOURS.get(job.status, "secondary"),
        ),
        Column("total_rows", _("Rows"), numeric=True),
        Column("error_count", _("Errors"), numeric=True),
        _result_count("created", *created),
        _result_count("updated", *updated),
        Column("finished_at", _("Finished"), sort="finished_at"),
    ]


def _result_count(key: str, result_key: str, label: Any) -> Column:
    return Column(key, label, value=lambda job: job.result.get(result_key), numeric=True)


class ImportJobPageView(ConsoleView):
    """One import: the check's progress, then its preview (errors or sample rows) and Confirm; then
    progress and result. While the file is checked or the import runs, the progress bar polls and
    reloads this page when the job's status changes (``core.views.pages.ImportJobProgressView``).
    """

    template_name = "core/import_preview.html"
    console: ImportConsole

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        console = self.console
        job = console.get(user=request.user, job_id=pk)
        context: dict[str, Any] = {
            "title": _("Import %(name)s") % {"name": job.original_name},
            "job": job,
            "errors_kept": ERRORS_KEPT,
            "errors_hidden": max(job.error_count - len(job.errors), 0),
            "errors_have_files": any(error.get("file") for error in job.errors),
            "can_retry": import_job_can_retry(job),
            "check_again": job.checked_at is None,  # a retry checks the file again rather than importing
            "start_url": reverse(console.url("start")),
            "list_url": reverse(console.url("list")),
            "confirm_url": reverse(console.url("confirm"), args=[job.pk]),
            "retry_url": reverse(console.url("retry"), args=[job.pk]),
            "can_skip": console.skip_note is not None and 0 < job.invalid_rows < job.total_rows,
            "skip_note": console.skip_note,
            "valid_rows": job.total_rows - job.invalid_rows,
        }
        if job.status == ImportStatus.DONE:
            labels = {**console.result_labels, **(SKIP_LABELS if job.skip_invalid else {})}
            context["result_rows"] = [(label, job.result.get(key, 0)) for key, label in labels.items()]
            context["rejects_url"] = reverse(console.url("rejects"), args=[job.pk])
        if job.status == ImportStatus.PREVIEWED and not job.error_count:
            context["sample_header"], context["sample_rows"] = import_job_sample(job)
        return render(request, self.template_name, context)


class ImportJobActionView(ConsoleView):
    """A button of the job's page (confirm, run again): call the service, go back to the page."""

    console: ImportConsole

    def act(self, request: HttpRequest, pk: int) -> None:
        raise NotImplementedError

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        try:
            self.act(request, pk)
        except ServiceError as exc:
            apply_service_error(None, request, exc)
        return HttpResponseRedirect(reverse(self.console.url("preview"), args=[pk]))


class ImportConfirmView(ImportJobActionView):
    """Confirm: queue the previewed import; with ``skip_invalid``, of its valid rows only."""

    def act(self, request: HttpRequest, pk: int) -> None:
        if request.POST.get("skip_invalid") and self.console.skip_note is not None:
            self.console.confirm(by=request.user, job_id=pk, skip_invalid=True)
        else:
            self.console.confirm(by=request.user, job_id=pk)


class ImportRejectsView(ConsoleView):
    """The rows a skipping import left out, in the uploaded format with an error column."""

    console: ImportConsole

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        job = self.console.get(user=request.user, job_id=pk)
        companion = request.GET.get("file") == "companion"
        return file_response(import_job_rejects(user=request.user, job=job, companion=companion))


class ImportRetryView(ImportJobActionView):
    """Run again: check the file again, or run the import again, and say which."""

    def act(self, request: HttpRequest, pk: int) -> None:
        job = self.console.retry(by=request.user, job_id=pk)
        if job.checked_at is None:
            messages.success(request, _("The file is being checked again."))
        else:
            messages.success(request, _("The import is queued again."))
