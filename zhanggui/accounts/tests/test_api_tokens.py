"""API tokens: issued once for a username and password, stored only as a hash, revocable."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from zhanggui.accounts.models import ApiToken, Staff
from zhanggui.accounts.services import api_token_authenticate, api_token_create
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


def test_a_token_check_loads_the_member_as_the_orm_does(make_staff):
    # given an agent with a token
    agent = make_staff("cs_agent", email="kefu@example.com")
    _token, raw = api_token_create(by=agent, name="erp")
    # when the token is checked
    staff = api_token_authenticate(raw_token=raw)
    # then it is the agent, every field read as the ORM reads it (times aware, booleans as bool)
    loaded = Staff.objects.get(pk=agent.pk)
    assert staff is not None
    assert [getattr(staff, f.attname) for f in Staff._meta.concrete_fields] == [
        getattr(loaded, f.attname) for f in Staff._meta.concrete_fields
    ]
    assert staff.is_active is True
    assert staff.date_joined.utcoffset() == dt.timedelta(0)
    assert staff._state.adding is False


def test_a_revoked_token_or_a_deactivated_member_is_refused_at_the_next_call(make_staff):
    # given two agents with a token each, both accepted
    first, second = make_staff("cs_agent"), make_staff("cs_agent")
    first_token, first_raw = api_token_create(by=first, name="erp")
    _second_token, second_raw = api_token_create(by=second, name="erp")
    clients = [Client(HTTP_AUTHORIZATION=f"Bearer {raw}") for raw in (first_raw, second_raw)]
    assert [client.get("/api/v1/auth/tokens").status_code for client in clients] == [200, 200]
    # when another process revokes the first token and deactivates the second agent (straight in the database)
    ApiToken.objects.filter(pk=first_token.pk).update(revoked_at=timezone.now())
    Staff.objects.filter(pk=second.pk).update(is_active=False)
    # then both are refused from the next call on
    assert [client.get("/api/v1/auth/tokens").status_code for client in clients] == [401, 401]
    assert [api_token_authenticate(raw_token=raw) for raw in (first_raw, second_raw)] == [None, None]


def test_last_use_is_written_at_most_once_a_minute(make_staff):
    # given an agent's token never used
    agent = make_staff("cs_agent")
    token, raw = api_token_create(by=agent, name="erp")
    # when it is used
    api_token_authenticate(raw_token=raw)
    # then its last use is recorded
    token.refresh_from_db()
    first_use = token.last_used_at
    assert first_use is not None
    # when it is used again 30 seconds after a recorded use
    half_a_minute_ago = timezone.now() - dt.timedelta(seconds=30)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=half_a_minute_ago)
    api_token_authenticate(raw_token=raw)
    # then nothing is written
    token.refresh_from_db()
    assert token.last_used_at == half_a_minute_ago
    # when it is used 61 seconds after a recorded use
    a_minute_ago = timezone.now() - dt.timedelta(seconds=61)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=a_minute_ago)
    api_token_authenticate(raw_token=raw)
    # then the use is recorded again
    token.refresh_from_db()
    assert token.last_used_at > a_minute_ago + dt.timedelta(seconds=60)


def test_a_malformed_or_unknown_token_is_refused(make_staff):
    # given an agent with a token
    agent = make_staff("cs_agent")
    _token, raw = api_token_create(by=agent, name="erp")
    # when tokens that are not theirs are checked
    # then none authenticates
    assert api_token_authenticate(raw_token=raw[3:]) is None
    assert api_token_authenticate(raw_token=raw + "x") is None
    assert api_token_authenticate(raw_token="zg_" + "0" * 43) is None
