"""Error pages in the console's layout (plain for anonymous visitors), and JSON under /api/."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def _error(request: HttpRequest, status: int, title: str, detail: str) -> HttpResponse:
    if request.path.startswith("/api/"):
        code = {403: "forbidden", 404: "not_found"}.get(status, "server_error")
        return JsonResponse({"code": code, "message": title, "errors": []}, status=status)
    return render(request, "core/error.html", {"status": status, "title": title, "detail": detail}, status=status)


def forbidden(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return _error(
        request,
        403,
        _("You do not have permission to see this page."),
        _("Ask an administrator if your role should include it."),
    )


def not_found(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return _error(
        request,
        404,
        _("This page does not exist."),
        _("It may have been removed, or it belongs to a store you are not assigned to."),
    )


def server_error(request: HttpRequest) -> HttpResponse:
    return _error(
        request, 500, _("Something went wrong on our side."), _("The error has been logged. Try again in a moment.")
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _error(
        request,
        403,
        _("The form expired or was sent from another site."),
        _("Reload the page and try again."),
    )
