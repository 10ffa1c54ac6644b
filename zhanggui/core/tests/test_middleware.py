"""Bearer API calls skip the browser's middlewares; console pages and session API calls keep them."""

from __future__ import annotations

import pytest
from django.test import Client

from zhanggui.accounts.models import ApiToken
from zhanggui.accounts.services import api_token_create
from zhanggui.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def session_client(staff):  # type: ignore[no-untyped-def]
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff, backend="django.contrib.auth.backends.ModelBackend")
    return client


def test_a_bearer_api_call_gets_no_cookie_and_no_csp_but_the_security_headers(make_staff):
    # given an agent's token
    agent = make_staff("cs_agent")
    _token, raw = api_token_create(by=agent, name="erp")
    # when the token lists the agent's tokens
    response = Client(HTTP_AUTHORIZATION=f"Bearer {raw}").get("/api/v1/auth/tokens")
    # then the answer sets no cookie and carries no CSP, but keeps nosniff, framing and language
    assert response.status_code == 200
    assert response.cookies == {}
    assert "Content-Security-Policy" not in response.headers
    assert (response["X-Content-Type-Options"], response["X-Frame-Options"]) == ("nosniff", "DENY")
    assert response["Content-Language"] == "zh-hans"


def test_a_bearer_api_call_may_ask_for_english(make_staff):
    # given no valid token
    # when a call with a wrong token asks for English
    response = Client(HTTP_AUTHORIZATION="Bearer zg_wrong", HTTP_ACCEPT_LANGUAGE="en").get("/api/v1/auth/tokens")
    # then it is refused in English
    assert response.status_code == 401
    assert response.json() == {
        "code": "unauthenticated",
        "message": "Sign in or send a valid API token.",
        "errors": [],
    }


def test_a_console_page_keeps_its_session_and_csp(make_staff):
    # given a signed-in operator
    client = session_client(make_staff("operator"))
    # when they open the home page
    response = client.get("/")
    # then the page has its CSP and the CSRF cookie, and the session still signs them in
    assert response.status_code == 200
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "csrftoken" in response.cookies
    assert response.context["user"].is_authenticated


def test_a_session_api_call_is_still_authenticated_and_csrf_checked(make_staff):
    # given a signed-in agent with a token to revoke, and the CSRF cookie from a console page
    agent = make_staff("cs_agent")
    token, _raw = api_token_create(by=agent, name="erp")
    client = session_client(agent)
    client.get("/")
    csrf = client.cookies["csrftoken"].value
    # when the session lists the tokens, then revokes one without and with the CSRF header
    listed = client.get("/api/v1/auth/tokens")
    refused = client.delete(f"/api/v1/auth/tokens/{token.pk}")
    unrevoked = ApiToken.objects.get(pk=token.pk).revoked_at
    revoked = client.delete(f"/api/v1/auth/tokens/{token.pk}", HTTP_X_CSRFTOKEN=csrf)
    # then the list is answered, the unprotected delete refused and the protected one done
    assert [t["id"] for t in listed.json()] == [token.pk]
    assert (refused.status_code, unrevoked) == (403, None)
    assert revoked.status_code == 204
    assert list(AuditEvent.objects.values_list("action", flat=True).order_by("id")) == [
        "accounts.api_token.create",
        "accounts.api_token.revoke",
    ]


def test_a_call_with_a_wrong_token_is_not_saved_by_a_session(make_staff):
    # given a signed-in agent
    agent = make_staff("cs_agent")
    client = session_client(agent)
    # when a call presents their session and a wrong token
    response = client.get("/api/v1/auth/tokens", HTTP_AUTHORIZATION="Bearer zg_wrong")
    # then it is judged by the token alone and refused
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_the_bearer_scheme_is_read_in_any_case_and_other_schemes_are_left_to_the_session(make_staff):
    # given a signed-in agent with a token
    agent = make_staff("cs_agent")
    _token, raw = api_token_create(by=agent, name="erp")
    client = session_client(agent)
    # when a call sends the scheme in lower case, and another sends Basic credentials with the session
    lower = Client(HTTP_AUTHORIZATION=f"bearer {raw}").get("/api/v1/auth/tokens")
    basic = client.get("/api/v1/auth/tokens", HTTP_AUTHORIZATION="Basic a2VmdTpwYXNzd29yZA==")
    # then the token authenticates the first, and the session the second
    assert (lower.status_code, basic.status_code) == (200, 200)
    assert "Content-Security-Policy" not in lower.headers
    assert "Content-Security-Policy" in basic.headers
