"""Writes about staff: creating and changing staff members, passwords, teams, and who works on a store."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from zhanggui.core.audit import audit_record, changed, snapshot
from zhanggui.core.exceptions import ConflictError, FieldError, ValidationFailed
from zhanggui.core.permissions import require_perm, require_store_access
from zhanggui.core.pii import mask_phone
from zhanggui.core.policy import ROLES
from zhanggui.stores.models import Store

from ..models import Staff, Team

_STAFF_FIELDS = ["username", "display_name", "role", "phone", "email", "is_active"]
_PHONE_RE = re.compile(r"^[0-9+\- ]{5,20}$")


def _check_password(password: str, field: str, user: Staff | None = None) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationFailed.for_field(field, " ".join(exc.messages)) from exc


def _check_profile(
    *, role: str, display_name: str, phone: str, email: str, team_ids: set[int], store_ids: set[int]
) -> None:
    """Every bad field of a staff member's profile, reported at once."""
    errors: list[FieldError] = []
    if role not in ROLES:
        errors.append(FieldError("role", _("Choose one of the roles.")))
    if len(display_name) > 60:
        errors.append(FieldError("display_name", _("Use at most 60 characters.")))
    if phone and not _PHONE_RE.match(phone):
        errors.append(FieldError("phone", _("Enter 5–20 digits; +, - and spaces are allowed.")))
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors.append(FieldError("email", _("Enter a valid email address.")))
    if Team.objects.filter(pk__in=team_ids).count() != len(team_ids):
        errors.append(FieldError("teams", _("Some of the chosen teams do not exist.")))
    if Store.objects.filter(pk__in=store_ids).count() != len(store_ids):
        errors.append(FieldError("stores", _("Some of the chosen stores do not exist.")))
    if errors:
        raise ValidationFailed(errors=errors)


def _audit_view_of(staff: Staff) -> dict[str, Any]:
    data = snapshot(staff, _STAFF_FIELDS)
    data["phone"] = mask_phone(data["phone"])  # personal data stays masked in the audit log
    data["teams"] = sorted(staff.teams.values_list("name", flat=True))
    data["stores"] = sorted(staff.stores.values_list("code", flat=True))
    return data


@transaction.atomic
def staff_create(
    *,
    by: Staff,
    username: str,
    password: str,
    role: str,
    display_name: str = "",
    phone: str = "",
    email: str = "",
    team_ids: Iterable[int] = (),
    store_ids: Iterable[int] = (),
) -> Staff:
    require_perm(by, "staff.manage")
    username, display_name, phone, email = (v.strip() for v in (username, display_name, phone, email))
    team_ids, store_ids = set(team_ids), set(store_ids)
    if not username:
        raise ValidationFailed.for_field("username", _("Enter a username."))
    try:
        UnicodeUsernameValidator()(username)
    except ValidationError as exc:
        raise ValidationFailed.for_field("username", " ".join(exc.messages)) from exc
    if len(username) > 150:
        raise ValidationFailed.for_field("username", _("Use at most 150 characters."))
    _check_profile(
        role=role, display_name=display_name, phone=phone, email=email, team_ids=team_ids, store_ids=store_ids
    )
    if Staff.objects.filter(username__iexact=username).exists():
        raise ConflictError.for_field("username", _("This username is already taken."))
    staff = Staff(username=username, role=role, display_name=display_name, phone=phone, email=email)
    _check_password(password, "password", staff)
    staff.set_password(password)
    staff.save()
    staff.teams.set(team_ids)
    staff.stores.set(store_ids)
    audit_record(actor=by, action="accounts.staff.create", obj=staff, after=_audit_view_of(staff))
    return staff


@transaction.atomic
def staff_update(
    *,
    by: Staff,
    staff: Staff,
    role: str,
    display_name: str,
    phone: str,
    email: str,
    is_active: bool,
    team_ids: Iterable[int],
    store_ids: Iterable[int],
    reason: str = "",
) -> Staff:
    require_perm(by, "staff.manage")
    display_name, phone, email = (v.strip() for v in (display_name, phone, email))
    team_ids, store_ids = set(team_ids), set(store_ids)
    _check_profile(
        role=role, display_name=display_name, phone=phone, email=email, team_ids=team_ids, store_ids=store_ids
    )
    if staff.pk == by.pk and (not is_active or role != by.role):
        raise ValidationFailed.for_field("role", _("You cannot change your own role or deactivate yourself."))
    staff = Staff.objects.select_for_update().get(pk=staff.pk)
    before = _audit_view_of(staff)
    staff.role, staff.display_name, staff.phone, staff.email, staff.is_active = (
        role,
        display_name,
        phone,
        email,
        is_active,
    )
    staff.save()
    staff.teams.set(team_ids)
    staff.stores.set(store_ids)
    old, new = changed(before, _audit_view_of(staff))
    if new:
        audit_record(actor=by, action="accounts.staff.update", obj=staff, before=old, after=new, reason=reason)
    return staff


@transaction.atomic
def staff_password_set(*, by: Staff, staff: Staff, password: str) -> None:
    """An administrator sets another staff member's password (e.g. a forgotten one)."""
    require_perm(by, "staff.manage")
    _check_password(password, "password", staff)
    staff.set_password(password)
    staff.save(update_fields=["password"])
    audit_record(actor=by, action="accounts.staff.password_set", obj=staff)


@transaction.atomic
def password_change(*, by: Staff, old_password: str, new_password: str) -> None:
    if not by.check_password(old_password):
        raise ValidationFailed.for_field("old_password", _("Your current password is not correct."))
    _check_password(new_password, "new_password1", by)
    by.set_password(new_password)
    by.save(update_fields=["password"])
    audit_record(actor=by, action="accounts.password_change", obj=by)


@transaction.atomic
def team_create(*, by: Staff, name: str, description: str = "") -> Team:
    require_perm(by, "staff.manage")
    name, description = name.strip(), description.strip()
    if not name:
        raise ValidationFailed.for_field("name", _("Enter a name."))
    if len(name) > 60:
        raise ValidationFailed.for_field("name", _("Use at most 60 characters."))
    if len(description) > 200:
        raise ValidationFailed.for_field("description", _("Use at most 200 characters."))
    if Team.objects.filter(name=name).exists():
        raise ConflictError.for_field("name", _("A team with this name already exists."))
    team = Team.objects.create(name=name, description=description)
    audit_record(actor=by, action="accounts.team.create", obj=team, after={"name": name})
    return team


@transaction.atomic
def store_staff_assign(*, by: Staff, store: Store, staff_ids: Iterable[int], reason: str = "") -> Store:
    """Set who works on ``store``: staff of roles that do not span every store see only their stores.

    The audit action keeps its name (the object changed is the store), so a store's history reads the same.
    """
    require_perm(by, "store.manage")
    require_store_access(by, store.pk)
    wanted = set(staff_ids)
    members = list(Staff.objects.filter(pk__in=wanted))
    if len(members) != len(wanted):
        raise ValidationFailed.for_field("staff", _("Some of the chosen staff members do not exist."))
    store = Store.objects.select_for_update().get(pk=store.pk)
    before = sorted(store.staff.values_list("username", flat=True))
    after = sorted(member.username for member in members)
    if before != after:
        store.staff.set(members)
        audit_record(
            actor=by,
            action="stores.store.staff_assign",
            obj=store,
            before={"staff": before},
            after={"staff": after},
            reason=reason,
        )
    return store
