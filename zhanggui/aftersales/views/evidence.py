"""Evidence photos and guidance on a case: the partials the case page includes, their POST views,
and the one door to a stored photo (``evidence_file``), scoped to the viewer's stores.

The case page puts ``evidence_context(request, case)`` and ``guidance_context(request, case)`` in its
context and includes ``aftersales/_evidence.html`` and ``aftersales/_guidance.html``.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext as _

from zhanggui.core.exceptions import ServiceError
from zhanggui.core.htmx import htmx_partial
from zhanggui.core.permissions import has_perm
from zhanggui.core.views.base import ConsoleView, apply_service_error

from .. import selectors, services
from ..forms.evidence import EvidenceForm, GuidanceForm
from ..models import Case


def case_page_url(case: Case) -> str:
    return reverse("aftersales:case_detail", args=[case.pk])


def evidence_context(request: HttpRequest, case: Case, form: EvidenceForm | None = None) -> dict[str, Any]:
    return {
        "case": case,
        "evidence": selectors.evidence_list(user=request.user, case_id=case.pk),
        "evidence_form": form or EvidenceForm(),
        "can_add_evidence": has_perm(request.user, "aftersales.create"),
        "evidence_max": services.MAX_EVIDENCE_PER_CASE,
    }


def guidance_context(request: HttpRequest, case: Case, form: GuidanceForm | None = None) -> dict[str, Any]:
    guides = selectors.guidance_for_case(case)
    return {
        "case": case,
        "guides": list(guides),
        "guidance_form": form or GuidanceForm(guides=guides),
        "case_messages": selectors.case_messages(case),
        "can_send_guidance": has_perm(request.user, "aftersales.create"),
    }


class EvidenceFileView(ConsoleView):
    """A stored photo (``?size=thumbnail``: its square thumbnail), for staff who may see its case."""

    permission = "aftersales.view"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        stored = selectors.evidence_file(
            user=request.user, evidence_id=pk, thumbnail=request.GET.get("size") == "thumbnail"
        )
        response = FileResponse(stored.file, content_type=stored.content_type)
        response["Cache-Control"] = "private, max-age=3600"  # a buyer's photo: never in a shared cache
        response["X-Content-Type-Options"] = "nosniff"
        return response


def require_create(request: HttpRequest) -> None:
    """Viewers see the photos and the guidance; adding to them takes ``aftersales.create`` (403)."""
    if not has_perm(request.user, "aftersales.create"):
        raise PermissionDenied


class EvidenceView(ConsoleView):
    """GET: the photos partial; POST: add a photo, then back to the case (or the partial for htmx)."""

    permission = "aftersales.view"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        case = selectors.case_get(user=request.user, case_id=pk)
        return render(request, "aftersales/_evidence.html", evidence_context(request, case))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        require_create(request)
        case = selectors.case_get(user=request.user, case_id=pk)
        form = EvidenceForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.evidence_add(
                    by=request.user, case=case, upload=form.cleaned_data["image"], kind=form.cleaned_data["kind"]
                )
            except ServiceError as exc:
                apply_service_error(form, request, exc)
            else:
                messages.success(request, _("Photo added."))
                form = EvidenceForm()
        if htmx_partial(request) or form.errors:
            status = 422 if form.errors else 200
            return render(request, "aftersales/_evidence.html", evidence_context(request, case, form), status=status)
        return HttpResponseRedirect(case_page_url(case) + "#evidence")


class GuidanceView(ConsoleView):
    """GET: the guidance partial; POST: record a message to the buyer."""

    permission = "aftersales.view"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        case = selectors.case_get(user=request.user, case_id=pk)
        return render(request, "aftersales/_guidance.html", guidance_context(request, case))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        require_create(request)
        case = selectors.case_get(user=request.user, case_id=pk)
        guides = selectors.guidance_for_case(case)
        form = GuidanceForm(request.POST, guides=guides)
        if form.is_valid():
            try:
                services.case_message_send(
                    by=request.user, case=case, article=form.cleaned_data["article"], body=form.cleaned_data["body"]
                )
            except ServiceError as exc:
                apply_service_error(form, request, exc)
            else:
                messages.success(request, _("Message recorded on the case."))
                form = GuidanceForm(guides=guides)
        if htmx_partial(request) or form.errors:
            status = 422 if form.errors else 200
            return render(request, "aftersales/_guidance.html", guidance_context(request, case, form), status=status)
        return HttpResponseRedirect(case_page_url(case) + "#guidance")


urlpatterns: list = [
    path("evidence/<int:pk>/", EvidenceFileView.as_view(), name="evidence_file"),
    path("cases/<int:pk>/evidence/", EvidenceView.as_view(), name="case_evidence"),
    path("cases/<int:pk>/guidance/", GuidanceView.as_view(), name="case_guidance"),
]
