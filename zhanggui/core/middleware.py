"""Request-wide context: the client address recorded by audit events."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from .context import acting_from


def request_ip(request: HttpRequest) -> str | None:
    # REMOTE_ADDR is the proxy in production; the reverse proxy sets X-Real-IP (docs/operations.md).
    return request.META.get("HTTP_X_REAL_IP") or request.META.get("REMOTE_ADDR") or None


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with acting_from(request_ip(request)):
            return self.get_response(request)
