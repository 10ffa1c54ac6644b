"""``Idempotency-Key`` on mutating API POSTs.

Same key and same request → the stored response (``Idempotent-Replayed: true``); same key with a
different request → 409; the same key while the first request still runs → 409. Keys are scoped
to the caller (token or session user), so two staff members cannot collide.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from .models import IdempotentRequest

HEADER = "HTTP_IDEMPOTENCY_KEY"
API_PREFIX = "/api/v1/"


def _scope(request: HttpRequest) -> str | None:
    auth = request.META.get("HTTP_AUTHORIZATION", "")
    if auth:
        return "token:" + hashlib.sha256(auth.encode()).hexdigest()[:40]
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return None


def _conflict(message: str) -> JsonResponse:
    return JsonResponse({"code": "idempotency_conflict", "message": message, "errors": []}, status=409)


class IdempotencyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = request.META.get(HEADER, "").strip()
        if request.method != "POST" or not key or not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        scope = _scope(request)
        if scope is None or len(key) > 255:
            return self.get_response(request)
        fingerprint = hashlib.sha256(request.method.encode() + request.path.encode() + b"\n" + request.body).hexdigest()
        try:
            with transaction.atomic():
                record = IdempotentRequest.objects.create(scope=scope, key=key, fingerprint=fingerprint)
        except IntegrityError:
            return self._replay(scope, key, fingerprint)
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

    def _replay(self, scope: str, key: str, fingerprint: str) -> HttpResponse:
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
