"""The reason taxonomy (售后原因): reasons staff and buyers choose from, each with who is responsible.

Reasons are shared by every store (the platforms' lists are the same everywhere). A reason in use
is never deleted: it is retired (``is_active`` off), so old cases and statistics keep it while new
cases cannot choose it.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from zhanggui.core.actors import Actor
from zhanggui.core.audit import audit_record, changed, snapshot
from zhanggui.core.exceptions import FieldError, ValidationFailed
from zhanggui.core.inputs import count, text
from zhanggui.core.permissions import require_perm

from ..models import Reason, Responsibility

_FIELDS = ["code", "name", "responsibility", "is_active", "sort_order"]


def _checked(values: dict[str, Any], *, exclude: int | None = None) -> dict[str, Any]:
    """The reason's fields cleaned, or every bad field at once."""
    errors: list[FieldError] = []
    cleaned: dict[str, Any] = {}
    checks = {
        "code": lambda v: _code(v),
        "name": lambda v: text(v, "name", max_length=60),
        "responsibility": lambda v: _responsibility(v),
        "sort_order": lambda v: count(v, "sort_order"),
        "is_active": lambda v: bool(v),
    }
    for name, value in values.items():
        try:
            cleaned[name] = checks[name](value)
        except ValidationFailed as exc:
            errors.extend(exc.errors)
    others = Reason.objects.exclude(pk=exclude) if exclude else Reason.objects.all()
    if "code" in cleaned and others.filter(code=cleaned["code"]).exists():
        errors.append(FieldError("code", _("Another reason already has this code.")))
    if "name" in cleaned and others.filter(name=cleaned["name"]).exists():
        errors.append(FieldError("name", _("Another reason already has this name.")))
    if errors:
        raise ValidationFailed(errors=errors)
    return cleaned


def _code(value: Any) -> str:
    code = text(value, "code", max_length=40)
    if slugify(code).replace("-", "_") != code:
        raise ValidationFailed.for_field("code", _("Use lower-case letters, digits and underscores."))
    return code


def _responsibility(value: Any) -> str:
    if value not in Responsibility.values:
        raise ValidationFailed.for_field("responsibility", _("Choose who is responsible."))
    return str(value)


@transaction.atomic
def reason_create(
    *, by: Actor, code: str, name: str, responsibility: str, sort_order: int = 0, is_active: bool = True
) -> Reason:
    """A new reason buyers and staff may choose (``aftersales.settings``)."""
    require_perm(by, "aftersales.settings")
    values = {"code": code, "name": name, "responsibility": responsibility, "sort_order": sort_order}
    cleaned = _checked({**values, "is_active": is_active})
    reason = Reason.objects.create(**cleaned)
    audit_record(actor=by, action="aftersales.reason.create", obj=reason, after=snapshot(reason, _FIELDS))
    return reason


@transaction.atomic
def reason_update(*, by: Actor, reason: Reason, **fields: Any) -> Reason:
    """Change some of a reason's fields (``name``, ``responsibility``, ``sort_order``, ``is_active``:
    False retires it). Its code stays, since imports and the API refer to it. A call that changes
    nothing writes nothing."""
    require_perm(by, "aftersales.settings")
    unknown = [name for name in fields if name not in {"name", "responsibility", "sort_order", "is_active"}]
    if unknown:
        raise ValidationFailed(errors=[FieldError(name, _("Unknown field.")) for name in unknown])
    cleaned = _checked(fields, exclude=reason.pk)
    reason = Reason.objects.select_for_update().get(pk=reason.pk)
    current = snapshot(reason, _FIELDS)
    before, after = changed(current, {**current, **cleaned})
    if after:
        for name, value in after.items():
            setattr(reason, name, value)
        reason.save(update_fields=list(after))
        audit_record(actor=by, action="aftersales.reason.update", obj=reason, before=before, after=after)
    return reason
