"""Webhook signatures: HMAC-SHA256 over "<timestamp>.<body>", 300 s tolerance, two secrets during rotation."""

from __future__ import annotations

import pytest

from zhanggui.core.exceptions import ValidationFailed
from zhanggui.stores.models import StoreCredential, WebhookDelivery
from zhanggui.stores.selectors import WebhookUnauthorized, webhook_signature, webhook_verify
from zhanggui.stores.services import webhook_delivery_id, webhook_delivery_once

SECRET = "whsec-current-0123456789abcdef"
OLD_SECRET = "whsec-previous-fedcba9876543210"
NOW = 1_790_000_000
BODY = b'{"event": "order"}'


@pytest.fixture
def signed_store(store):  # type: ignore[no-untyped-def]
    StoreCredential.objects.create(store=store, webhook_secret=SECRET, previous_webhook_secret=OLD_SECRET)
    return store


def verify(store, *, secret=SECRET, sent=NOW, now=NOW, body=BODY, signature=None, code=None):  # type: ignore[no-untyped-def]
    return webhook_verify(
        store_code=store.code if code is None else code,
        timestamp=str(sent),
        signature=signature if signature is not None else webhook_signature(secret=secret, timestamp=sent, body=body),
        body=body,
        now=now,
    )


def test_signature_is_hmac_sha256_of_timestamp_dot_body():
    # the documented scheme, computed independently
    import hashlib
    import hmac

    expected = hmac.new(b"k" * 16, b"1700000000." + BODY, hashlib.sha256).hexdigest()
    assert webhook_signature(secret="k" * 16, timestamp=1_700_000_000, body=BODY) == f"sha256={expected}"


def test_current_and_previous_secret_verify(signed_store):
    assert verify(signed_store, secret=SECRET) == signed_store
    assert verify(signed_store, secret=OLD_SECRET) == signed_store


@pytest.mark.parametrize("offset", [-300, 300])
def test_timestamps_up_to_300_seconds_away_pass(signed_store, offset):
    assert verify(signed_store, sent=NOW + offset) == signed_store


@pytest.mark.parametrize("offset", [-301, 301])
def test_timestamps_further_away_are_refused(signed_store, offset):
    with pytest.raises(WebhookUnauthorized):
        verify(signed_store, sent=NOW + offset)


@pytest.mark.parametrize(
    "case",
    ["other secret", "changed body", "no signature", "no scheme", "unknown store", "odd store code", "inactive"],
)
def test_anything_else_is_refused_alike(signed_store, case):
    kwargs = {
        "other secret": {"secret": "whsec-someone-else-000000000"},
        "changed body": {"signature": webhook_signature(secret=SECRET, timestamp=NOW, body=b"{}")},
        "no signature": {"signature": ""},
        "no scheme": {"signature": webhook_signature(secret=SECRET, timestamp=NOW, body=BODY)[7:]},
        "unknown store": {"code": "no-such-store"},
        "odd store code": {"code": "a\x00b"},
        "inactive": {},
    }[case]
    if case == "inactive":
        signed_store.is_active = False
        signed_store.save()
    with pytest.raises(WebhookUnauthorized) as refused:
        verify(signed_store, **kwargs)
    assert (refused.value.status, refused.value.code) == (401, "unauthenticated")


def test_a_store_without_a_secret_accepts_nothing(store):
    with pytest.raises(WebhookUnauthorized):
        verify(store, secret="")


@pytest.mark.parametrize("value", ["", "   ", "x" * 81, "bad\tid"])
def test_delivery_id_must_be_short_and_printable(value):
    with pytest.raises(ValidationFailed) as invalid:
        webhook_delivery_id(value)
    assert invalid.value.errors[0].field == "X-Zhanggui-Delivery"


def test_a_delivery_acts_once_and_replays_its_result(store):
    # given a delivery processed once
    calls = []
    first = webhook_delivery_once(
        store=store, delivery_id="d-1", event="order", effect=lambda: calls.append(1) or {"n": 1}
    )
    # when the same delivery id comes again
    again = webhook_delivery_once(
        store=store, delivery_id="d-1", event="order", effect=lambda: calls.append(2) or {"n": 2}
    )
    # then the effect ran once and the replay answers with the first result
    assert (first.result, first.replayed) == ({"n": 1}, False)
    assert (again.result, again.replayed) == ({"n": 1}, True)
    assert calls == [1]
    assert list(WebhookDelivery.objects.values_list("delivery_id", "event", "result")) == [("d-1", "order", {"n": 1})]


def test_a_failed_effect_leaves_no_delivery_so_a_resend_runs(store):
    def failing():  # type: ignore[no-untyped-def]
        raise ValidationFailed.for_field("order", "bad")

    with pytest.raises(ValidationFailed):
        webhook_delivery_once(store=store, delivery_id="d-2", event="order", effect=failing)
    assert WebhookDelivery.objects.count() == 0
    resent = webhook_delivery_once(store=store, delivery_id="d-2", event="order", effect=lambda: {"ok": True})
    assert (resent.result, resent.replayed) == ({"ok": True}, False)
