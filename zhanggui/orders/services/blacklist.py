"""The buyer blacklist (黑名单) of a store: a paid order of a listed nickname or phone is held for
review. Phones are stored as digits and shown masked; every change says why."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from zhanggui.core.actors import Actor
from zhanggui.core.audit import audit_record
from zhanggui.core.exceptions import FieldError, NotFoundError, ValidationFailed
from zhanggui.core.inputs import reason_text, text
from zhanggui.core.permissions import require_perm, require_store_access
from zhanggui.core.pii import mask_phone
from zhanggui.stores.models import Store

from ..models import BlacklistEntry
from ..selectors.rules import normalised_phone


def _checked(errors: list[FieldError], check: Any, *args: Any, **kwargs: Any) -> Any:
    """Run one input check, collecting its field errors so every bad field is reported at once."""
    try:
        return check(*args, **kwargs)
    except ValidationFailed as exc:
        errors.extend(exc.errors)
        return ""


def _described(entry: BlacklistEntry) -> dict[str, Any]:
    return {"nickname": entry.nickname, "phone": mask_phone(entry.phone), "reason": entry.reason}


@transaction.atomic
def blacklist_entry_add(*, by: Actor, store: Store, nickname: str = "", phone: str = "", reason: str) -> BlacklistEntry:
    """Put a buyer (by platform nickname, phone, or both) on ``store``'s blacklist."""
    require_perm(by, "orders.blacklist")
    require_store_access(by, store.pk)
    errors: list[FieldError] = []
    nickname = _checked(errors, text, nickname, "nickname", required=False, max_length=80)
    raw_phone = _checked(errors, text, phone, "phone", required=False, max_length=20)
    phone = normalised_phone(raw_phone)
    if raw_phone and not 5 <= len(phone) <= 20:
        errors.append(FieldError("phone", _("Enter a phone number.")))
    reason = _checked(errors, text, reason, "reason", max_length=200)
    if not nickname and not raw_phone and not any(e.field in ("nickname", "phone") for e in errors):
        errors.append(FieldError("nickname", _("Give the buyer's nickname, phone number or both.")))
    if errors:
        raise ValidationFailed(errors=errors)
    Store.objects.select_for_update().filter(pk=store.pk).first()  # one add at a time per store: no twins
    listed = BlacklistEntry.objects.filter(store=store)
    if nickname and listed.filter(nickname=nickname).exists():
        errors.append(FieldError("nickname", _("%(name)s is already on the blacklist.") % {"name": nickname}))
    if phone and listed.filter(phone=phone).exists():
        errors.append(FieldError("phone", _("%(phone)s is already on the blacklist.") % {"phone": mask_phone(phone)}))
    if errors:
        raise ValidationFailed(errors=errors)
    entry = BlacklistEntry.objects.create(
        store=store, nickname=nickname, phone=phone, reason=reason, created_by_id=by.pk
    )
    audit_record(actor=by, action="orders.blacklist.add", obj=entry, after=_described(entry), reason=reason)
    return entry


@transaction.atomic
def blacklist_entry_remove(*, by: Actor, entry: BlacklistEntry, reason: str) -> None:
    """Take a buyer off the blacklist (e.g. the dispute was settled); orders already held stay held."""
    require_perm(by, "orders.blacklist")
    require_store_access(by, entry.store_id)
    reason = reason_text(reason)
    locked = BlacklistEntry.objects.select_for_update().filter(pk=entry.pk).first()
    if locked is None:  # removed by someone else a moment ago
        raise NotFoundError()
    audit_record(actor=by, action="orders.blacklist.remove", obj=locked, before=_described(locked), reason=reason)
    locked.delete()
