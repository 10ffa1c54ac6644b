"""Store credentials: encrypted at rest, every view audited, webhook secrets rotate with overlap."""

from __future__ import annotations

import json

import pytest
from django.db import connection

from zhanggui.core.exceptions import ConflictError, PermissionDeniedError, ValidationFailed
from zhanggui.core.models import AuditEvent
from zhanggui.stores import selectors, services
from zhanggui.stores.models import StoreCredential

pytestmark = pytest.mark.django_db

APP_SECRET = "tm-app-secret-9f8e7d6c5b4a"
WEBHOOK_SECRET = "whsec-first-0123456789abcdef"
NEW_WEBHOOK_SECRET = "whsec-second-fedcba9876543210"


def raw_columns(store_id: int) -> tuple[str, str, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT app_secret, webhook_secret, previous_webhook_secret FROM stores_storecredential "
            "WHERE store_id = %s",
            [store_id],
        )
        return cursor.fetchone()


def test_credentials_are_encrypted_at_rest(make_staff, store):
    # given an administrator who saves a store's secrets
    admin = make_staff("admin")
    services.store_credential_update(
        by=admin, store=store, app_key="12345678", app_secret=APP_SECRET, webhook_secret=WEBHOOK_SECRET
    )
    # when the columns are read without the model
    app_secret, webhook_secret, previous = raw_columns(store.pk)
    # then they hold ciphertext, not the secrets, while the model reads them back in plain text
    assert APP_SECRET not in app_secret
    assert WEBHOOK_SECRET not in webhook_secret
    assert app_secret.startswith("gAAAA")
    assert previous == ""
    credential = StoreCredential.objects.get(store=store)
    assert (credential.app_key, credential.app_secret, credential.webhook_secret) == (
        "12345678",
        APP_SECRET,
        WEBHOOK_SECRET,
    )


def test_credential_update_audits_which_fields_changed_never_the_values(make_staff, store):
    # given an administrator
    admin = make_staff("admin")
    # when they set the app key and secret for the first time
    services.store_credential_update(by=admin, store=store, app_key="12345678", app_secret=APP_SECRET, reason="开店")
    # then one audit row names the fields and holds no secret
    event = AuditEvent.objects.get()
    assert event.action == "stores.credential.update"
    assert event.store_id == store.pk
    assert event.after == {"app_key": "set", "app_secret": "set"}
    assert event.before is None
    assert APP_SECRET not in json.dumps([event.before, event.after, event.reason, event.object_repr])


def test_every_view_of_credentials_is_audited(make_staff, store):
    # given a store with credentials
    admin = make_staff("admin")
    services.store_credential_update(by=admin, store=store, app_secret=APP_SECRET, webhook_secret=WEBHOOK_SECRET)
    before = AuditEvent.objects.count()
    # when the administrator views them twice
    first = services.store_credential_view(by=admin, store=store, reason="对接ERP")
    second = services.store_credential_view(by=admin, store=store)
    # then both views return the plain values and each wrote one audit row without values
    assert (first.app_secret, first.webhook_secret) == (APP_SECRET, WEBHOOK_SECRET)
    assert second == first
    views = list(AuditEvent.objects.filter(action="stores.credential.view").order_by("id"))
    assert AuditEvent.objects.count() == before + 2
    assert [v.reason for v in views] == ["对接ERP", ""]
    assert views[0].after == {"fields": ["app_secret", "webhook_secret"]}
    assert APP_SECRET not in json.dumps(views[0].after)


@pytest.mark.parametrize("role", ["manager", "gm", "operator", "cs_agent"])
def test_only_administrators_see_or_change_credentials(make_staff, store, role):
    # given a store with credentials and a non-administrator
    admin = make_staff("admin")
    services.store_credential_update(by=admin, store=store, app_secret=APP_SECRET)
    other = make_staff(role)
    before = AuditEvent.objects.count()
    # when they try to view or change them
    with pytest.raises(PermissionDeniedError):
        services.store_credential_view(by=other, store=store)
    with pytest.raises(PermissionDeniedError):
        services.store_credential_update(by=other, store=store, app_secret="stolen-secret")
    # then nothing changed and nothing was audited
    assert StoreCredential.objects.get(store=store).app_secret == APP_SECRET
    assert AuditEvent.objects.count() == before


def test_webhook_secret_rotation_keeps_the_previous_secret_valid(make_staff, store):
    # given a store with a webhook secret
    admin = make_staff("admin")
    services.store_credential_update(by=admin, store=store, webhook_secret=WEBHOOK_SECRET)
    # when the administrator sets a new one
    services.store_credential_update(by=admin, store=store, webhook_secret=NEW_WEBHOOK_SECRET)
    # then both secrets verify webhooks, the rotation is stamped and audited as a rotation
    credential = StoreCredential.objects.get(store=store)
    assert credential.webhook_secret == NEW_WEBHOOK_SECRET
    assert credential.previous_webhook_secret == WEBHOOK_SECRET
    assert credential.rotated_at is not None
    assert selectors.store_webhook_secrets(store=store) == [NEW_WEBHOOK_SECRET, WEBHOOK_SECRET]
    assert WEBHOOK_SECRET not in raw_columns(store.pk)[2]
    latest = AuditEvent.objects.filter(action="stores.credential.update").order_by("-id").first()
    assert latest.after == {"webhook_secret": "rotated"}


def test_retiring_the_previous_webhook_secret_ends_the_rotation(make_staff, store):
    # given a rotation under way
    admin = make_staff("admin")
    services.store_credential_update(by=admin, store=store, webhook_secret=WEBHOOK_SECRET)
    services.store_credential_update(by=admin, store=store, webhook_secret=NEW_WEBHOOK_SECRET)
    before = AuditEvent.objects.count()
    # when the previous secret is retired
    services.store_webhook_secret_retire_previous(by=admin, store=store, reason="平台已切换")
    # then only the new secret verifies webhooks, and one audit row says so
    assert selectors.store_webhook_secrets(store=store) == [NEW_WEBHOOK_SECRET]
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.get(action="stores.credential.retire_previous")
    assert event.after == {"previous_webhook_secret": "retired"}
    # and retiring again is a conflict that writes nothing
    with pytest.raises(ConflictError):
        services.store_webhook_secret_retire_previous(by=admin, store=store, reason="平台已切换")
    assert AuditEvent.objects.count() == before + 1


@pytest.mark.parametrize("reason", ["", "   "])
def test_retiring_the_previous_webhook_secret_needs_a_reason(make_staff, store, reason):
    # given a rotation under way (a blank reason used to be accepted)
    admin = make_staff("admin")
    services.store_credential_update(by=admin, store=store, webhook_secret=WEBHOOK_SECRET)
    services.store_credential_update(by=admin, store=store, webhook_secret=NEW_WEBHOOK_SECRET)
    before = AuditEvent.objects.count()
    # when the previous secret is retired without saying why
    with pytest.raises(ValidationFailed) as caught:
        services.store_webhook_secret_retire_previous(by=admin, store=store, reason=reason)
    # then the reason is named, both secrets still verify webhooks and nothing is audited
    assert [(e.field, e.message) for e in caught.value.errors] == [("reason", "此项为必填项。")]
    assert selectors.store_webhook_secrets(store=store) == [NEW_WEBHOOK_SECRET, WEBHOOK_SECRET]
    assert AuditEvent.objects.count() == before


def test_the_retire_reason_is_kept_trimmed(make_staff, store):
    # given a rotation under way
    admin = make_staff("admin")
    services.store_credential_update(by=admin, store=store, webhook_secret=WEBHOOK_SECRET)
    services.store_credential_update(by=admin, store=store, webhook_secret=NEW_WEBHOOK_SECRET)
    # when the previous secret is retired with a padded reason
    services.store_webhook_secret_retire_previous(by=admin, store=store, reason="  平台已切换 ")
    # then the audit row holds the reason without the padding
    assert AuditEvent.objects.get(action="stores.credential.retire_previous").reason == "平台已切换"


def test_blank_fields_keep_their_values_and_a_no_op_writes_nothing(make_staff, store):
    # given a store with credentials
    admin = make_staff("admin")
    services.store_credential_update(by=admin, store=store, app_key="12345678", app_secret=APP_SECRET)
    before = AuditEvent.objects.count()
    # when the form is sent with blank secrets and the same key
    services.store_credential_update(by=admin, store=store, app_key="12345678", app_secret="", webhook_secret=None)
    # then nothing changed and nothing was audited
    credential = StoreCredential.objects.get(store=store)
    assert (credential.app_key, credential.app_secret) == ("12345678", APP_SECRET)
    assert AuditEvent.objects.count() == before


def test_a_short_webhook_secret_is_refused(make_staff, store):
    # given an administrator
    admin = make_staff("admin")
    # when the webhook secret is too short to be safe
    with pytest.raises(ValidationFailed) as caught:
        services.store_credential_update(by=admin, store=store, webhook_secret="short")
    # then the field is named and nothing was saved
    assert caught.value.errors[0].field == "webhook_secret"
    assert not StoreCredential.objects.filter(store=store).exists()
    assert AuditEvent.objects.count() == 0


def test_viewing_a_store_without_credentials_is_audited_too(make_staff, store):
    # given a store nobody has set credentials for
    admin = make_staff("admin")
    # when the administrator looks at them
    values = services.store_credential_view(by=admin, store=store)
    # then everything is empty, and the look is still recorded
    assert (values.app_key, values.app_secret, values.webhook_secret, values.updated_at) == ("", "", "", None)
    event = AuditEvent.objects.get()
    assert (event.action, event.after) == ("stores.credential.view", {"fields": []})
