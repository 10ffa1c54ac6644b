"""Errors raised by services; the console and the API turn them into messages and responses.

Each carries a machine code, a translated message and optional per-field errors, so the
console can mark the field and the API can answer ``{"code", "message", "errors"}``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Self

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str


class ServiceError(Exception):
    status = 400
    code = "bad_request"
    default_message = _("The request could not be processed.")

    def __init__(self, message: str | None = None, *, errors: list[FieldError] | None = None, code: str | None = None):
        self.message = str(message or self.default_message)
        self.errors = list(errors or [])
        if code:
            self.code = code
        super().__init__(self.message)

    @classmethod
    def for_field(cls, field: str, message: str) -> Self:
        return cls(message, errors=[FieldError(field, str(message))])


class ValidationFailed(ServiceError):
    status = 422
    code = "invalid"
    default_message = _("Some fields are not valid.")


class PermissionDeniedError(ServiceError):
    status = 403
    code = "forbidden"
    default_message = _("You do not have permission to do this.")


class NotFoundError(ServiceError):
    status = 404
    code = "not_found"
    default_message = _("Not found.")


class ConflictError(ServiceError):
    status = 409
    code = "conflict"
    default_message = _("This conflicts with the current state; reload and try again.")


class RateLimitedError(ServiceError):
    status = 429
    code = "rate_limited"
    default_message = _("Too many requests; try again later.")
