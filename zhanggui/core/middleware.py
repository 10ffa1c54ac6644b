"""Request-wide context (the client address recorded by audit events), and the browser's middlewares
that token-authenticated API calls skip."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from csp.middleware import CSPMiddleware
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
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


def bearer_token(request: HttpRequest) -> str | None:
    """The token of an ``Authorization: Bearer <token>`` header (any case of the scheme), else None.

    Read from META: asking ``request.headers`` for it builds a dict of every header first.
    """
    scheme, _space, token = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
    return token if scheme.lower() == "bearer" else None


def is_bearer_api_call(request: HttpRequest) -> bool:
    """An API call presenting a Bearer token: it is authenticated by that token alone (``core.api``),
    never by a session cookie, and answered in JSON."""
    return bearer_token(request) is not None and request.path_info.startswith("/api/")


class SkippedForBearerApiCalls:
    """Mixin of a browser's middleware that has nothing to do for a Bearer API call.

    Such a call has no session and no signed-in user to load, no messages to show, and its JSON
    answer runs no scripts a Content-Security-Policy would restrain (``nosniff`` is still sent);
    these middlewares were a tenth of a trivial API call's time (bench/request_budget.py).
    Console pages and session-authenticated API calls go through them as before.
    """

    get_response: Callable[[HttpRequest], Any]

    def __call__(self, request: HttpRequest) -> Any:
        if is_bearer_api_call(request):
            return self.get_response(request)
        return super().__call__(request)  # type: ignore[misc]


class BrowserSessionMiddleware(SkippedForBearerApiCalls, SessionMiddleware):
    """Django's sessions, except for Bearer API calls."""


class BrowserAuthenticationMiddleware(SkippedForBearerApiCalls, AuthenticationMiddleware):
    """Django's signed-in user (``request.user`` from the session), except for Bearer API calls."""


class BrowserMessageMiddleware(SkippedForBearerApiCalls, MessageMiddleware):
    """Django's one-time messages, except for Bearer API calls."""


class BrowserCSPMiddleware(SkippedForBearerApiCalls, CSPMiddleware):
    """django-csp's Content-Security-Policy header and nonce, except for Bearer API calls."""
