"""Console pages for one's own API tokens."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zhanggui.core import policy
from zhanggui.core.exceptions import ServiceError
from zhanggui.core.views.base import ConsoleView, apply_service_error

from .. import selectors, services
from ..forms.tokens import TokenCreateForm


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
