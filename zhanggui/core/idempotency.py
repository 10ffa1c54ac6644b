"""``Idempotency-Key`` on mutating API POSTs.

Same key and same request → the stored response (``Idempotent-Replayed: true``); same key with a
different request → 409; the same key while the first request still runs → 409. Keys are scoped
to the caller (token or session user), so two staff members cannot collide. A JSON body is
compared by its data, not its bytes: the same object re-spaced or with its keys in another order
is the same request.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from .models import IdempotentRequest

HEADER = "HTTP_IDEMPOTENCY_KEY"
API_PREFIX = "/api/v1/"
HONOURED_METHODS = frozenset({"POST"})
KEY_MAX_LENGTH = 255

# The header as the OpenAPI schema documents it on every operation that honours it.
OPENAPI_PARAMETER: dict[str, Any] = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "description": (
        "Makes a retry safe: the same key with the same request (JSON compared by its data) answers "
        "the stored response with `Idempotent-Replayed: true`; the same key with another request, or "
        "while the first still runs, is 409. Keys are per caller and kept for 24 hours."
    ),
    "schema": {"type": "string", "minLength": 1, "maxLength": KEY_MAX_LENGTH},
}


def _scope(request: HttpRequest) -> str | None:
    auth = request.META.get("HTTP_AUTHORIZATION", "")
    if auth:
        return "token:" + hashlib.sha256(auth.encode()).hexdigest()[:40]
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return None


def _fingerprint(request: HttpRequest, body: bytes) -> str:
    return hashlib.sha256((request.method or "").encode() + request.path.encode() + b"\n" + body).hexdigest()


def _canonical(body: bytes) -> bytes:
    """A JSON body as its data: keys sorted, no spaces. Anything else (a file upload) stays as sent."""
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        return body
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _conflict(message: str) -> JsonResponse:
    return JsonResponse({"code": "idempotency_conflict", "message": message, "errors": []}, status=409)


class IdempotencyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = request.META.get(HEADER, "").strip()
        if request.method not in HONOURED_METHODS or not key or not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        scope = _scope(request)
        if scope is None or len(key) > KEY_MAX_LENGTH:
            return self.get_response(request)
        fingerprint = _fingerprint(request, _canonical(request.body))
        try:
            with transaction.atomic():
                record = IdempotentRequest.objects.create(scope=scope, key=key, fingerprint=fingerprint)
        except IntegrityError:
            return self._replay(request, scope, key, fingerprint)
        try:
            response = self.get_response(request)
        except Exception:
            IdempotentRequest.objects.filter(pk=record.pk).delete()
            raise
        if response.status_code >= 500 or response.status_code in (401, 429) or getattr(response, "streaming", False):
            # Not a final answer: let the client retry with the same key.
            IdempotentRequest.objects.filter(pk=record.pk).delete()
            return response
        IdempotentRequest.objects.filter(pk=record.pk).update(
            status_code=response.status_code, content_type=response.get("Content-Type", ""), body=response.content
        )
        return response

    def _replay(self, request: HttpRequest, scope: str, key: str, fingerprint: str) -> HttpResponse:
        record = IdempotentRequest.objects.filter(scope=scope, key=key).first()
        if record is None:
            return _conflict(_("This Idempotency-Key was just released; retry the request."))
        if record.fingerprint != fingerprint:
            return _conflict(_("This Idempotency-Key was already used with a different request."))
        if record.status_code is None:
            return _conflict(_("A request with this Idempotency-Key is still being processed."))
        response = HttpResponse(bytes(record.body or b""), status=record.status_code, content_type=record.content_type)
        response["Idempotent-Replayed"] = "true"
        return response


def required_parameter(description: str, *, max_length: int = KEY_MAX_LENGTH) -> dict[str, Any]:
    """The header documented as required, for an operation that refuses to run without a key (a
    refund: the key also makes the payment itself happen once, whoever sends it again)."""
    schema = {**OPENAPI_PARAMETER["schema"], "maxLength": max_length}
    return {**OPENAPI_PARAMETER, "required": True, "description": description, "schema": schema}
