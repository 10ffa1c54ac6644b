"""Console pages for signing in and out and one's password, and what a locked-out sign-in gets."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from zhanggui.core import policy
from zhanggui.core.permissions import permission_required
from zhanggui.core.views.generic import ObjectFormView

from .. import services
from ..forms.auth import LoginForm, PasswordChangeForm

login = permission_required(policy.PUBLIC)(
    auth_views.LoginView.as_view(
        template_name="accounts/login.html", authentication_form=LoginForm, redirect_authenticated_user=True
    )
)
logout = permission_required(policy.PUBLIC)(auth_views.LogoutView.as_view())


class PasswordChangeView(ObjectFormView):
    permission = policy.AUTHENTICATED
    form_class = PasswordChangeForm
    title = _("Change password")
    success_message = _("Your password has been changed.")

    def perform(self, form: Any, obj: Any) -> str:
        services.password_change(
            by=self.request.user,
            old_password=form.cleaned_data["old_password"],
            new_password=form.cleaned_data["new_password1"],
        )
        update_session_auth_hash(self.request, self.request.user)
        return reverse("core:home")


def lockout_response(
    request: HttpRequest, response: Any = None, credentials: Any = None, *args: Any, **kwargs: Any
) -> HttpResponse:
    """What a locked-out sign-in gets (``AXES_LOCKOUT_CALLABLE``): the console page, or the API's JSON error."""
    message = gettext("Too many failed sign-in attempts: this account is locked for a while.")
    if request.path.startswith("/api/"):
        return JsonResponse({"code": "locked_out", "message": message, "errors": []}, status=429)
    return render(request, "accounts/locked_out.html", status=429)
