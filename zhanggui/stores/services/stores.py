"""Writes about stores: creating and editing them, and their platform credentials.

Who works on a store is written by accounts (staff are assigned to stores; stores need not know staff).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhanggui.core.actors import Actor
from zhanggui.core.audit import audit_record, changed, snapshot
from zhanggui.core.exceptions import ConflictError, FieldError, ValidationFailed
from zhanggui.core.inputs import reason_text
from zhanggui.core.permissions import require_perm, require_store_access
from zhanggui.core.pii import MASKERS

from ..constants import ISO_4217
from ..models import Platform, Store, StoreCredential
from ..selectors import time_zone_names

_CODE_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
_PHONE_RE = re.compile(r"^[0-9+\- ]{5,20}$")
_STORE_FIELDS = ["name", "platform", "currency", "time_zone", "contact_name", "contact_phone", "is_active"]
# Personal data in a store's fields: the audit log keeps them masked, like every other page.
_PII_FIELDS = {"contact_name": "name", "contact_phone": "phone"}
WEBHOOK_SECRET_MIN_LENGTH = 16


def _masked(values: dict[str, Any]) -> dict[str, Any]:
    return {k: MASKERS[_PII_FIELDS[k]](v) if k in _PII_FIELDS else v for k, v in values.items()}


def _clean_store(
    *,
    code: str | None,
    name: str,
    platform: str,
    currency: str,
    time_zone: str,
    contact_name: str,
    contact_phone: str,
) -> dict[str, Any]:
    """The store's fields, trimmed and checked; every bad field is reported at once."""
    errors: list[FieldError] = []
    values: dict[str, Any] = {
        "name": name.strip(),
        "platform": platform,
        "currency": currency.strip().upper(),
        "time_zone": time_zone.strip(),
        "contact_name": contact_name.strip(),
        "contact_phone": contact_phone.strip(),
    }
    if code is not None:
        values["code"] = code.strip().lower()
        if not _CODE_RE.match(values["code"]):
            message = _("Use 1–40 lower-case letters, digits, hyphens or underscores, e.g. tmall-flagship.")
            errors.append(FieldError("code", message))
    if not values["name"]:
        errors.append(FieldError("name", _("Enter a name.")))
    elif len(values["name"]) > 80:
        errors.append(FieldError("name", _("Use at most 80 characters.")))
    if platform not in Platform.values:
        errors.append(FieldError("platform", _("Choose one of the platforms.")))
    if values["currency"] not in ISO_4217:
        errors.append(FieldError("currency", _("Enter a three-letter ISO 4217 currency code, e.g. CNY.")))
    if values["time_zone"] not in time_zone_names():
        errors.append(FieldError("time_zone", _("Choose a time zone from the list, e.g. Asia/Shanghai.")))
    if len(values["contact_name"]) > 40:
        errors.append(FieldError("contact_name", _("Use at most 40 characters.")))
    if values["contact_phone"] and not _PHONE_RE.match(values["contact_phone"]):
        errors.append(FieldError("contact_phone", _("Enter 5–20 digits; +, - and spaces are allowed.")))
    if errors:
        raise ValidationFailed(errors=errors)
    return values


@transaction.atomic
def store_create(
    *,
    by: Actor,
    code: str,
    name: str,
    platform: str,
    currency: str = "CNY",
    time_zone: str = "Asia/Shanghai",
    contact_name: str = "",
    contact_phone: str = "",
    is_active: bool = True,
) -> Store:
    """Open a store in Zhanggui. Its code is fixed once created (imports and webhooks refer to it)."""
    require_perm(by, "store.manage")
    values = _clean_store(
        code=code,
        name=name,
        platform=platform,
        currency=currency,
        time_zone=time_zone,
        contact_name=contact_name,
        contact_phone=contact_phone,
    )
    if Store.objects.filter(code=values["code"]).exists():
        raise ConflictError.for_field("code", _("A store with this code already exists."))
    store = Store.objects.create(is_active=is_active, **values)
    audit_record(
        actor=by, action="stores.store.create", obj=store, after=_masked(snapshot(store, ["code", *_STORE_FIELDS]))
    )
    return store


@transaction.atomic
def store_update(
    *,
    by: Actor,
    store: Store,
    name: str,
    platform: str,
    currency: str,
    time_zone: str,
    contact_name: str,
    contact_phone: str,
    is_active: bool,
    reason: str = "",
) -> Store:
    require_perm(by, "store.manage")
    require_store_access(by, store.pk)
    values = _clean_store(
        code=None,
        name=name,
        platform=platform,
        currency=currency,
        time_zone=time_zone,
        contact_name=contact_name,
        contact_phone=contact_phone,
    )
    store = Store.objects.select_for_update().get(pk=store.pk)
    before = snapshot(store, _STORE_FIELDS)
    for field, value in {**values, "is_active": is_active}.items():
        setattr(store, field, value)
    old, new = changed(before, snapshot(store, _STORE_FIELDS))
    if new:
        store.save(update_fields=list(new))
        audit_record(
            actor=by, action="stores.store.update", obj=store, before=_masked(old), after=_masked(new), reason=reason
        )
    return store


def _locked_credential(store: Store) -> StoreCredential:
    """The store's credential row, locked (a new unsaved one when the store has none yet)."""
    Store.objects.select_for_update().filter(pk=store.pk).first()  # serialises the first save too
    credential = StoreCredential.objects.select_for_update().filter(store=store).first()
    return credential or StoreCredential(store=store)


def _check_credentials(app_key: str, app_secret: str, webhook_secret: str) -> None:
    errors: list[FieldError] = []
    if len(app_key) > 120:
        errors.append(FieldError("app_key", _("Use at most 120 characters.")))
    if len(app_secret) > 500:
        errors.append(FieldError("app_secret", _("Use at most 500 characters.")))
    if webhook_secret and not WEBHOOK_SECRET_MIN_LENGTH <= len(webhook_secret) <= 200:
        errors.append(FieldError("webhook_secret", _("Use 16 to 200 characters for the webhook secret.")))
    if errors:
        raise ValidationFailed(errors=errors)


@transaction.atomic
def store_credential_update(
    *,
    by: Actor,
    store: Store,
    app_key: str | None = None,
    app_secret: str | None = None,
    webhook_secret: str | None = None,
    reason: str = "",
) -> StoreCredential:
    """Change a store's platform credentials; a field given as None or blank keeps its value.

    A new webhook secret does not cut off the current one at once: the current one moves to
    ``previous_webhook_secret`` and both verify inbound webhooks until the previous one is retired.
    The audit row names the fields that changed, never their values.
    """
    require_perm(by, "store.credentials")
    require_store_access(by, store.pk)
    app_key, app_secret, webhook_secret = ((value or "").strip() for value in (app_key, app_secret, webhook_secret))
    _check_credentials(app_key, app_secret, webhook_secret)
    credential = _locked_credential(store)
    changes: dict[str, str] = {}
    for field, value in (("app_key", app_key), ("app_secret", app_secret)):
        if value and value != getattr(credential, field):
            changes[field] = "changed" if getattr(credential, field) else "set"
            setattr(credential, field, value)
    if webhook_secret and webhook_secret != credential.webhook_secret:
        change = "rotated" if credential.webhook_secret else "set"
        if credential.webhook_secret:
            credential.previous_webhook_secret = credential.webhook_secret
            credential.rotated_at = timezone.now()
        changes["webhook_secret"] = change
        credential.webhook_secret = webhook_secret
    if changes:
        credential.updated_at = timezone.now()
        credential.save()
        audit_record(actor=by, action="stores.credential.update", obj=store, after=changes, reason=reason)
    return credential


@dataclass(frozen=True)
class StoreCredentialValues:
    """A store's credentials in plain text, as handed to an administrator who asked to see them."""

    app_key: str
    app_secret: str
    webhook_secret: str
    previous_webhook_secret: str
    rotated_at: dt.datetime | None
    updated_at: dt.datetime | None


@transaction.atomic
def store_credential_view(*, by: Actor, store: Store, reason: str = "") -> StoreCredentialValues:
    """The decrypted credentials of ``store``; every view is written to the audit log."""
    require_perm(by, "store.credentials")
    require_store_access(by, store.pk)
    credential = StoreCredential.objects.filter(store=store).first()
    if credential is None:
        values = StoreCredentialValues("", "", "", "", None, None)
    else:
        values = StoreCredentialValues(
            app_key=credential.app_key,
            app_secret=credential.app_secret,
            webhook_secret=credential.webhook_secret,
            previous_webhook_secret=credential.previous_webhook_secret,
            rotated_at=credential.rotated_at,
            updated_at=credential.updated_at,
        )
    names = ("app_key", "app_secret", "webhook_secret", "previous_webhook_secret")
    shown = [name for name in names if getattr(values, name)]
    audit_record(actor=by, action="stores.credential.view", obj=store, after={"fields": shown}, reason=reason)
    return values


@transaction.atomic
def store_webhook_secret_retire_previous(*, by: Actor, store: Store, reason: str) -> StoreCredential:
    """End a rotation: webhooks signed with the previous secret are refused from now on.

    A reason is required: it cuts off the platform's deliveries still signed the old way.
    """
    require_perm(by, "store.credentials")
    require_store_access(by, store.pk)
    reason = reason_text(reason)
    credential = _locked_credential(store)
    if not credential.previous_webhook_secret:
        raise ConflictError(_("There is no previous webhook secret to retire."))
    credential.previous_webhook_secret = ""
    credential.updated_at = timezone.now()
    credential.save(update_fields=["previous_webhook_secret", "updated_at"])
    audit_record(
        actor=by,
        action="stores.credential.retire_previous",
        obj=store,
        before={"previous_webhook_secret": "set"},
        after={"previous_webhook_secret": "retired"},
        reason=reason,
    )
    return credential
