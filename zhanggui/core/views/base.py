"""The base of every console page: login, the route's permission, service errors as pages."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.views import View

from .. import policy
from ..exceptions import NotFoundError, PermissionDeniedError, ServiceError
from ..permissions import has_perm


class ConsoleView(View):
    """A console page. Subclasses set ``permission`` to a policy code (or PUBLIC/AUTHENTICATED)."""

    permission: str = ""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not self.permission:
            raise PermissionDenied  # deny by default: a view must declare its permission
        if self.permission != policy.PUBLIC and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not has_perm(request.user, self.permission):
            raise PermissionDenied
        try:
            return super().dispatch(request, *args, **kwargs)
        except NotFoundError as exc:
            raise Http404(exc.message) from exc
        except PermissionDeniedError as exc:
            raise PermissionDenied(exc.message) from exc


def apply_service_error(form: Form | None, request: HttpRequest, error: ServiceError) -> None:
    """Show a service's field errors on the form's fields, anything else as a message."""
    placed = False
    if form is not None:
        for field_error in error.errors:
            field = field_error.field if field_error.field in form.fields else None
            form.add_error(field, field_error.message)
            placed = True
    if not placed:
        messages.error(request, error.message)
