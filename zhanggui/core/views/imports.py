"""Console pages every import shares: one job's page (check progress, preview, confirm, progress,
result), and its Confirm and Run-again buttons. Apps subclass them with their own service calls."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..exceptions import ServiceError
from ..imports import ERRORS_KEPT, import_job_can_retry, import_job_sample
from ..models import ImportJob, ImportStatus
from .base import ConsoleView, apply_service_error

STATUS_COLOURS = {
    ImportStatus.CHECKING: "cyan",
    ImportStatus.PREVIEWED: "blue",
    ImportStatus.QUEUED: "azure",
    ImportStatus.RUNNING: "azure",
    ImportStatus.DONE: "green",
    ImportStatus.FAILED: "red",
}


class ImportJobPageView(ConsoleView):
    """One import: the check's progress, then its preview (errors or sample rows) and Confirm; then
    progress and result. While the file is checked or the import runs, the progress bar polls and
    reloads this page when the job's status changes (``core.views.pages.ImportJobProgressView``).

    Subclasses give ``get_job`` and the URL names of their pages (``urls``: start, list, confirm, retry).
    """

    template_name = "core/import_preview.html"
    urls: dict[str, str] = {}
    result_labels: dict[str, Any] = {}  # result key → label, in display order

    def get_job(self, request: HttpRequest, pk: int) -> ImportJob:
        raise NotImplementedError

    def get_context(self, job: ImportJob) -> dict[str, Any]:
        return {}

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        job = self.get_job(request, pk)
        context: dict[str, Any] = {
            "title": _("Import %(name)s") % {"name": job.original_name},
            "job": job,
            "errors_kept": ERRORS_KEPT,
            "errors_hidden": max(job.error_count - len(job.errors), 0),
            "errors_have_files": any(error.get("file") for error in job.errors),
            "can_retry": import_job_can_retry(job),
            "check_again": job.checked_at is None,  # a retry checks the file again rather than importing
            "start_url": reverse(self.urls["start"]),
            "list_url": reverse(self.urls["list"]),
            "confirm_url": reverse(self.urls["confirm"], args=[job.pk]),
            "retry_url": reverse(self.urls["retry"], args=[job.pk]),
        }
        if job.status == ImportStatus.DONE:
            context["result_rows"] = [(label, job.result.get(key, 0)) for key, label in self.result_labels.items()]
        if job.status == ImportStatus.PREVIEWED and not job.error_count:
            context["sample_header"], context["sample_rows"] = import_job_sample(job)
        context.update(self.get_context(job))
        return render(request, self.template_name, context)


class ImportJobActionView(ConsoleView):
    """A button of the job's page (confirm, run again): call the service, go back to the page."""

    page_url = ""  # the URL name of the job's page

    def act(self, request: HttpRequest, pk: int) -> None:
        raise NotImplementedError

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        try:
            self.act(request, pk)
        except ServiceError as exc:
            apply_service_error(None, request, exc)
        return HttpResponseRedirect(reverse(self.page_url, args=[pk]))


def retried_message(request: HttpRequest, job: ImportJob) -> None:
    """Say what a retry started: the check again, or the import."""
    if job.checked_at is None:
        messages.success(request, _("The file is being checked again."))
    else:
        messages.success(request, _("The import is queued again."))
