"""Console pages for signing in and out, one's password and one's API tokens."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zhanggui.core import policy
from zhanggui.core.exceptions import ServiceError
from zhanggui.core.permissions import permission_required
from zhanggui.core.views.base import ConsoleView, apply_service_error
from zhanggui.core.views.generic import ObjectFormView

from .. import selectors, services
from ..forms.auth import LoginForm, PasswordChangeForm, TokenCreateForm

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


class TokenListView(ConsoleView):
    """One's own API tokens: create (shown once) and revoke."""

    permission = policy.AUTHENTICATED

    def get(self, request: HttpRequest, form: TokenCreateForm | None = None, raw: str = "") -> HttpResponse:
        context = {
            "title": _("API tokens"),
            "tokens": selectors.api_token_list(user=request.user),
            "form": form or TokenCreateForm(),
            "raw_token": raw,
        }
        return render(request, "accounts/tokens.html", context)

    def post(self, request: HttpRequest) -> HttpResponse:
        form = TokenCreateForm(request.POST)
        if not form.is_valid():
            return self.get(request, form)
        _token, raw = services.api_token_create(by=request.user, name=form.cleaned_data["name"])
        messages.success(request, _("Token created. Copy it now: it will not be shown again."))
        return self.get(request, TokenCreateForm(), raw)


class TokenRevokeView(ConsoleView):
    permission = policy.AUTHENTICATED

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        try:
            services.api_token_revoke(by=request.user, token_id=pk)
            messages.success(request, _("Token revoked."))
        except ServiceError as exc:
            apply_service_error(None, request, exc)
        return HttpResponseRedirect(reverse("accounts:token_list"))
