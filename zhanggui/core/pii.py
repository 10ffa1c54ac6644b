"""Buyers' and staff members' personal data: masked by default, revealed only with a reason.

A reveal needs ``pii.reveal``, a reason, respects object scoping, is rate-limited per staff
member (counted from the audit log, so it holds across processes) and writes one audit row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .actors import Actor
from .audit import audit_record
from .exceptions import RateLimitedError, ValidationFailed
from .models import AuditEvent
from .permissions import require_perm, require_store_access

MASK = "*"


def _keep_ends(value: str, head: int, tail: int) -> str:
    if len(value) <= head + tail:
        # Too short to keep both ends: keep at most the first character.
        return value[:1] + MASK * (len(value) - 1) if len(value) > 2 else MASK * len(value)
    return value[:head] + MASK * (len(value) - head - tail) + value[-tail:]


def mask_phone(value: str | None) -> str:
    """``13812341234`` → ``138****1234``; keeps the first three and last four characters."""
    if not value:
        return ""
    return _keep_ends(str(value), 3, 4)


def mask_name(value: str | None) -> str:
    """``张三`` → ``张*``; only the first character (the family name in Chinese) is kept."""
    if not value:
        return ""
    value = str(value)
    return value[:1] + MASK * (len(value) - 1) if len(value) > 1 else MASK


def mask_address(value: str | None) -> str:
    """Keep the start (province and city, at most a third of the text) and hide the rest."""
    if not value:
        return ""
    value = str(value)
    keep = min(6, len(value) // 3)
    return value[:keep] + MASK * 4


def mask_id_number(value: str | None) -> str:
    """``110101199003071234`` → ``1**************4``: first and last character only."""
    if not value:
        return ""
    return _keep_ends(str(value), 1, 1)


def mask_email(value: str | None) -> str:
    """``lixiaoming@qq.com`` → ``l********g@qq.com``: the mailbox's ends and the domain."""
    if not value:
        return ""
    local, at, domain = str(value).partition("@")
    return _keep_ends(local, 1, 1) + at + domain


MASKERS: dict[str, Callable[[str | None], str]] = {
    "phone": mask_phone,
    "email": mask_email,
    "name": mask_name,
    "address": mask_address,
    "id_number": mask_id_number,
}

# (app_label.model, field) → kind of personal data; apps register their fields in ready().
_REVEALABLE: dict[tuple[str, str], str] = {}


def register_revealable(model: type[models.Model], field: str, kind: str) -> None:
    if kind not in MASKERS:
        raise ValueError(f"unknown personal data kind {kind!r}")
    _REVEALABLE[(model._meta.label_lower, field)] = kind


def revealable_kind(obj: models.Model | type[models.Model], field: str) -> str | None:
    return _REVEALABLE.get((obj._meta.label_lower, field))


def masked(obj: models.Model, field: str) -> str:
    return masker(obj, field)(getattr(obj, field))


def masker(model: models.Model | type[models.Model], field: str) -> Callable[[Any], str]:
    """How values of ``model.field`` are shown by default (for many values at once)."""
    kind = revealable_kind(model, field)
    return MASKERS[kind] if kind else _shown


def _shown(value: Any) -> str:
    return str(value or "")


def reveals_in_last_hour(staff: Any) -> int:
    since = timezone.now() - dt.timedelta(hours=1)
    return AuditEvent.objects.filter(actor=staff, action="pii.reveal", at__gte=since).count()


def pii_reveal(*, by: Actor, obj: models.Model, field: str, reason: str) -> str:
    """Return the unmasked value of ``obj.field`` and record who saw it and why."""
    kinds, reason, _store_ids = _reveal_checked(by, [obj], [field], reason)
    kind = kinds[field]
    with transaction.atomic():
        _hold_reveal_limit(by)
        audit_record(actor=by, action="pii.reveal", obj=obj, after={"field": field, "kind": kind}, reason=reason)
    return str(getattr(obj, field) or "")


def pii_reveal_batch(*, by: Actor, objs: Sequence[models.Model], fields: Sequence[str], reason: str) -> None:
    """Record that ``by`` sees ``fields`` of every object of ``objs`` in full, as ONE audit row.

    For documents that print personal data for many objects at once (waybill labels): the same
    rules as ``pii_reveal`` (permission, a reason, store access to every object, the hourly limit,
    which the batch counts as one reveal). Raises before writing anything. Runs in the caller's
    transaction when there is one, so the row is kept only if the caller's work is.
    """
    kinds, reason, store_ids = _reveal_checked(by, objs, fields, reason)
    label = objs[0]._meta.label_lower
    with transaction.atomic():
        _hold_reveal_limit(by)
        audit_record(
            actor=by,
            action="pii.reveal",
            after={"object_type": label, "objects": [str(obj) for obj in objs], "fields": kinds},
            reason=reason,
            store_id=store_ids[0] if len(store_ids) == 1 else None,
            object_repr=f"{objs[0]._meta.verbose_name_plural} × {len(objs)}",
        )


def _reveal_checked(
    by: Actor, objs: Sequence[models.Model], fields: Sequence[str], reason: str
) -> tuple[dict[str, str], str, list[int]]:
    """The rules of every reveal, checked before anything is written: the permission, fields that
    hold personal data, a reason, and access to each object's store. (kinds, reason, store ids)."""
    require_perm(by, "pii.reveal")
    if not objs:
        raise ValidationFailed.for_field("objects", _("Nothing was chosen."))
    kinds = {field: revealable_kind(objs[0], field) for field in fields}
    if not fields or None in kinds.values():
        raise ValidationFailed.for_field("field", _("This field holds no personal data to reveal."))
    reason = (reason or "").strip()
    if len(reason) < 2:
        raise ValidationFailed.for_field("reason", _("Give a reason for revealing personal data."))
    store_ids = sorted({store_id for obj in objs if (store_id := getattr(obj, "store_id", None)) is not None})
    for store_id in store_ids:
        require_store_access(by, store_id)
    return {field: str(kind) for field, kind in kinds.items()}, reason, store_ids


def _hold_reveal_limit(by: Actor) -> None:
    """Serialise one staff member's reveals (inside a transaction) and refuse one past the hourly limit."""
    get_user_model().objects.select_for_update().filter(pk=by.pk).first()
    if reveals_in_last_hour(by) >= settings.ZHANGGUI_PII_REVEALS_PER_HOUR:
        raise RateLimitedError(_("You have revealed too much personal data in the last hour; try again later."))
