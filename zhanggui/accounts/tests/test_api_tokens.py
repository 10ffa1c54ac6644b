"""API tokens: issued once for a username and password, stored only as a hash, revocable."""

from __future__ import annotations

import hashlib

import pytest
from django.db import connection
from django.test import Client

from zhanggui.accounts.models import ApiToken
from zhanggui.core.models import AuditEvent
from zhanggui.testing.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_token_is_shown_once_stored_as_a_hash_listed_and_revoked(make_staff):
    # given an agent
    agent = make_staff("cs_agent", username="kefu_api")
    anonymous = Client()
    # when they exchange their username and password for a token
    issued = anonymous.post(
        "/api/v1/auth/tokens",
        {"username": "kefu_api", "password": PASSWORD, "name": "ERP 对接"},
        content_type="application/json",
    )
    # then the raw token comes back once and only its SHA-256 hash is stored
    assert issued.status_code == 201
    raw = issued.json()["token"]
    assert raw.startswith("zg_")
    token = ApiToken.objects.get(staff=agent)
    assert token.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert (token.name, token.prefix) == ("ERP 对接", raw[:10])
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, prefix, token_hash FROM accounts_apitoken WHERE id = %s", [token.pk])
        assert raw not in " ".join(cursor.fetchone())
    # when the token lists the agent's tokens
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    listed = client.get("/api/v1/auth/tokens")
    # then the token is listed by prefix, never in full
    assert listed.status_code == 200
    assert [(t["id"], t["prefix"], t["revoked_at"]) for t in listed.json()] == [(token.pk, raw[:10], None)]
    assert raw not in listed.content.decode()
    # when it is revoked
    revoked = client.delete(f"/api/v1/auth/tokens/{token.pk}")
    # then it no longer authenticates
    assert revoked.status_code == 204
    after = client.get("/api/v1/auth/tokens")
    assert after.status_code == 401
    assert after.json()["code"] == "unauthenticated"
    assert [e.action for e in AuditEvent.objects.order_by("id")] == [
        "accounts.api_token.create",
        "accounts.api_token.revoke",
    ]


def test_wrong_password_gets_no_token(make_staff):
    # given an agent
    agent = make_staff("cs_agent", username="kefu_wrong")
    # when the password is wrong
    response = Client().post(
        "/api/v1/auth/tokens",
        {"username": "kefu_wrong", "password": "not-the-password"},
        content_type="application/json",
    )
    # then no token is issued
    assert response.status_code == 401
    assert response.json()["code"] == "invalid_credentials"
    assert not ApiToken.objects.filter(staff=agent).exists()


def test_a_token_cannot_revoke_another_members_token(make_staff, api_client_for):
    # given two agents, each with a token
    first = make_staff("cs_agent")
    second = make_staff("cs_agent")
    client = api_client_for(first)
    api_client_for(second)
    theirs = ApiToken.objects.get(staff=second)
    # when the first agent revokes the second's token
    response = client.delete(f"/api/v1/auth/tokens/{theirs.pk}")
    # then it is not found for them and stays active
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None


def test_missing_token_is_401():
    # given no credentials
    # when the token list is asked for
    response = Client().get("/api/v1/auth/tokens")
    # then the answer is 401
    assert response.status_code == 401
