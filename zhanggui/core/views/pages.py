"""The shared console pages: home, audit log, saved filters, personal-data reveal, import progress."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib import messages
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from .. import policy, selectors
from ..audit import audit_action_label
from ..exceptions import ServiceError
from ..forms import AuditFilterForm, RevealForm, SavedFilterForm
from ..pii import masked, pii_reveal
from ..services import saved_filter_delete, saved_filter_save
from ..widgets import home_panels
from .base import ConsoleView, apply_service_error
from .generic import ObjectListView
from .tables import Column

ACTOR_CELL = "core/cells/audit_actor.html"


def safe_next(request: HttpRequest, url: str | None, fallback: str) -> str:
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        return url
    return fallback


class HomeView(ConsoleView):
    """The workbench (工作台): the cards the apps contribute, the user's own work first."""

    permission = policy.AUTHENTICATED

    def get(self, request: HttpRequest) -> HttpResponse:
        panels = home_panels(request.user)
        cards = [
            {
                "panel": panel,
                "html": render_to_string(panel.widget.template, {**panel.context, "widget": panel.widget}, request),
            }
            for panel in panels
        ]
        context = {
            "own_cards": [card for card in cards if card["panel"].own],
            "other_cards": [card for card in cards if not card["panel"].own],
            "nothing_to_do": not any(panel.todo for panel in panels),
            "scripts": list(dict.fromkeys(script for panel in panels for script in panel.widget.scripts)),
        }
        return render(request, "core/home.html", context)


class AuditListView(ObjectListView):
    permission = "audit.view"
    title = _("Audit log")
    list_key = "core.audit"
    filter_form_class = AuditFilterForm
    export_permission = "audit.view"
    export_name = "audit-log"
    columns = [
        Column("at", _("Time"), sort="at", compact=True),
        # Shown by display name (login as title); exported by login, which names one account for sure.
        Column("actor_name", _("Actor"), sort="actor_name", template=ACTOR_CELL),
        Column("action", _("Action"), value=lambda event: audit_action_label(event.action), sort="action"),
        Column("object_repr", _("Object"), truncate=True),
        Column("store", _("Store"), truncate=True),
        Column("reason", _("Reason"), wrap=True),
        Column("ip", _("IP address"), wide_screen=True),
        Column("changes", _("Changes"), template="core/audit_changes.html", export=False, wrap=True),
    ]

    def get_queryset(self, filters: dict[str, Any]) -> QuerySet[Any]:
        return selectors.audit_event_list(user=self.request.user, filters=filters)


class SavedFilterCreateView(ConsoleView):
    permission = policy.AUTHENTICATED

    def post(self, request: HttpRequest) -> HttpResponse:
        form = SavedFilterForm(request.POST)
        fallback = reverse("core:home")
        if form.is_valid():
            try:
                saved_filter_save(
                    by=request.user,
                    list_key=form.cleaned_data["list_key"],
                    name=form.cleaned_data["name"],
                    query=form.cleaned_data["query"],
                )
                messages.success(request, _("Filter saved."))
            except ServiceError as exc:
                apply_service_error(None, request, exc)
        else:
            messages.error(request, _("Give the filter a name."))
        return HttpResponseRedirect(safe_next(request, form.data.get("next"), fallback))


class SavedFilterDeleteView(ConsoleView):
    permission = policy.AUTHENTICATED

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        try:
            saved_filter_delete(by=request.user, saved_filter_id=pk)
            messages.success(request, _("Filter deleted."))
        except ServiceError as exc:
            apply_service_error(None, request, exc)
        return HttpResponseRedirect(safe_next(request, request.POST.get("next"), reverse("core:home")))


class RevealView(ConsoleView):
    """An htmx fragment: the reason form, then the revealed value (POST)."""

    permission = "pii.reveal"

    def target(self, model: str, pk: int, field: str) -> Any:
        try:
            model_class = apps.get_model(model)
        except (LookupError, ValueError) as exc:
            raise Http404 from exc
        obj = model_class._default_manager.filter(pk=pk).first()
        if obj is None:
            raise Http404
        return obj

    def get(self, request: HttpRequest, model: str, pk: int, field: str) -> HttpResponse:
        obj = self.target(model, pk, field)
        context = {"form": RevealForm(), "obj": obj, "model": model, "field": field, "masked": masked(obj, field)}
        return render(request, "core/reveal.html", context)

    def post(self, request: HttpRequest, model: str, pk: int, field: str) -> HttpResponse:
        obj = self.target(model, pk, field)
        form = RevealForm(request.POST)
        context: dict[str, Any] = {
            "form": form,
            "obj": obj,
            "model": model,
            "field": field,
            "masked": masked(obj, field),
        }
        if form.is_valid():
            try:
                context["value"] = pii_reveal(by=request.user, obj=obj, field=field, reason=form.cleaned_data["reason"])
                context["revealed"] = True
            except ServiceError as exc:
                apply_service_error(form, request, exc)
                context["error"] = exc.message
        return render(request, "core/reveal.html", context)


class ImportJobProgressView(ConsoleView):
    """The progress bar of one import, polled by htmx while the job is checked, queued or running.

    The bar sends the status its page shows (``?shown=``); when the job has moved on (the check is
    done, the import finished), the answer asks htmx to reload the page (``HX-Refresh``), so the
    page shows what the new status offers: the preview and Confirm, or the result.
    """

    permission = policy.AUTHENTICATED

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        job = selectors.import_job_get(user=request.user, job_id=pk)
        response = render(request, "core/import_progress.html", {"job": job})
        shown = request.GET.get("shown")
        if shown and shown != job.status:
            response["HX-Refresh"] = "true"
        return response
