"""Sign-in security: django-axes locks a username out after five failed attempts."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from zhanggui.accounts.models import ApiToken
from zhanggui.testing.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_five_failed_logins_lock_the_account(make_staff):
    # given an agent
    make_staff("cs_agent", username="kefu_locked")
    client = Client()
    # when the wrong password is tried five times
    failures = [
        client.post(reverse("accounts:login"), {"username": "kefu_locked", "password": f"wrong-{n}"}).status_code
        for n in range(5)
    ]
    # then the first four show the form again and the fifth locks the account
    assert failures[:4] == [200, 200, 200, 200]
    assert failures[4] == 429
    # and even the right password is refused while locked
    locked = client.post(reverse("accounts:login"), {"username": "kefu_locked", "password": PASSWORD})
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_successful_login_before_the_limit_resets_the_count(make_staff):
    # given an agent who mistyped four times
    make_staff("cs_agent", username="kefu_typo")
    client = Client()
    for n in range(4):
        client.post(reverse("accounts:login"), {"username": "kefu_typo", "password": f"wrong-{n}"})
    # when they sign in correctly, sign out and mistype once more
    signed_in = client.post(reverse("accounts:login"), {"username": "kefu_typo", "password": PASSWORD})
    client.post(reverse("accounts:logout"))
    again = client.post(reverse("accounts:login"), {"username": "kefu_typo", "password": "wrong-again"})
    # then the sign-in worked and the next mistake is not a lockout
    assert signed_in.status_code == 302
    assert again.status_code == 200


def test_lockout_also_refuses_api_tokens(make_staff):
    # given an agent locked out by five failed sign-ins
    agent = make_staff("cs_agent", username="kefu_api_locked")
    client = Client()
    for n in range(5):
        client.post(reverse("accounts:login"), {"username": "kefu_api_locked", "password": f"wrong-{n}"})
    # when they ask for an API token with the right password
    response = client.post(
        "/api/v1/auth/tokens", {"username": "kefu_api_locked", "password": PASSWORD}, content_type="application/json"
    )
    # then no token is issued, and the refusal uses the API's error format
    assert response.status_code == 429
    assert response.json()["code"] == "locked_out"
    assert not ApiToken.objects.filter(staff=agent).exists()
