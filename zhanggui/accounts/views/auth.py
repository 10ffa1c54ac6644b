"""What a locked-out sign-in gets: the console page, or the API's JSON error format."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def lockout_response(
    request: HttpRequest, response: Any = None, credentials: Any = None, *args: Any, **kwargs: Any
) -> HttpResponse:
    message = _("Too many failed sign-in attempts: this account is locked for a while.")
    if request.path.startswith("/api/"):
        return JsonResponse({"code": "locked_out", "message": message, "errors": []}, status=429)
    return render(request, "accounts/locked_out.html", status=429)
