"""Writes about staff: creating and changing staff members, passwords and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhanggui.core.audit import audit_record, changed, snapshot
from zhanggui.core.exceptions import ConflictError, NotFoundError, ValidationFailed
from zhanggui.core.permissions import require_perm
from zhanggui.core.policy import ROLES

from .models import ApiToken, Staff, Team

TOKEN_PREFIX = "zg_"  # noqa: S105 - a public marker, not a secret
_STAFF_FIELDS = ["username", "display_name", "role", "phone", "email", "is_active"]


def _check_password(password: str, field: str, user: Staff | None = None) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationFailed.for_field(field, " ".join(exc.messages)) from exc


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise ValidationFailed.for_field("role", _("Choose one of the roles."))


def _audit_view_of(staff: Staff) -> dict[str, Any]:
    data = snapshot(staff, _STAFF_FIELDS)
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
    _check_role(role)
    username = username.strip()
    if not username:
        raise ValidationFailed.for_field("username", _("Enter a username."))
    if Staff.objects.filter(username__iexact=username).exists():
        raise ConflictError.for_field("username", _("This username is already taken."))
    staff = Staff(username=username, role=role, display_name=display_name, phone=phone, email=email)
    _check_password(password, "password", staff)
    staff.set_password(password)
    staff.save()
    staff.teams.set(Team.objects.filter(pk__in=list(team_ids)))
    staff.stores.set(list(store_ids))
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
    _check_role(role)
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
    staff.teams.set(Team.objects.filter(pk__in=list(team_ids)))
    staff.stores.set(list(store_ids))
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
    name = name.strip()
    if not name:
        raise ValidationFailed.for_field("name", _("Enter a name."))
    if Team.objects.filter(name=name).exists():
        raise ConflictError.for_field("name", _("A team with this name already exists."))
    team = Team.objects.create(name=name, description=description)
    audit_record(actor=by, action="accounts.team.create", obj=team, after={"name": name})
    return team


def _hash(raw_token: str) -> str:
    return hashlib.sha256(raw_token.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, by: Staff, name: str) -> tuple[ApiToken, str]:
    """A new token for ``by``; the raw token is returned once and never stored."""
    name = (name or "").strip() or _("API token")
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(staff=by, name=name[:60], prefix=raw[:10], token_hash=_hash(raw))
    audit_record(
        actor=by, action="accounts.api_token.create", obj=token, after={"name": token.name, "prefix": token.prefix}
    )
    return token, raw


@transaction.atomic
def api_token_revoke(*, by: Staff, token_id: int) -> ApiToken:
    """Revoke one of one's own tokens; administrators may revoke anyone's."""
    token = ApiToken.objects.select_for_update().filter(pk=token_id).first()
    if token is None or (token.staff_id != by.pk and by.role != "admin"):
        raise NotFoundError()
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(actor=by, action="accounts.api_token.revoke", obj=token, after={"prefix": token.prefix})
    return token


def api_token_authenticate(*, raw_token: str) -> Staff | None:
    """The active staff member owning an unrevoked token, or None."""
    if not raw_token.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("staff")
        .filter(token_hash=_hash(raw_token), revoked_at__isnull=True, staff__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    # Record use at most once a minute so busy clients do not write on every request.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.staff
