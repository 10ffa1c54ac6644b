"""Writes about staff: creating and changing staff members, passwords and API tokens."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
import secrets
from collections.abc import Callable, Iterable
from typing import Any, NamedTuple

from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection, transaction
from django.db.models.expressions import Col
from django.utils import timezone
from django.utils.translation import gettext as _

from zhanggui.core.audit import audit_record, changed, snapshot
from zhanggui.core.exceptions import ConflictError, FieldError, NotFoundError, ValidationFailed
from zhanggui.core.permissions import require_perm
from zhanggui.core.pii import mask_phone
from zhanggui.core.policy import ROLES

from .models import ApiToken, Staff, Team

TOKEN_PREFIX = "zg_"  # noqa: S105 - a public marker, not a secret
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
    from zhanggui.stores.models import Store

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
    """The active staff member owning an unrevoked token, or None.

    Nothing is cached but the statement's text: a revoked token or a deactivated member is refused
    from the next call on, in every process.
    """
    if not raw_token.startswith(TOKEN_PREFIX):
        return None
    owner = _token_owner(_hash(raw_token))
    if owner is None:
        return None
    staff, token_id, last_used_at = owner
    now = timezone.now()
    # Record use at most once a minute so busy clients do not write on every request.
    if last_used_at is None or (now - last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token_id).update(last_used_at=now)
    return staff


def _token_owner(token_hash: str) -> tuple[Staff, int, dt.datetime | None] | None:
    """The staff member, token id and last use of an unrevoked token of an active member, in one statement.

    Every API call runs it: the statement and the reading of its row are prepared once per process,
    where the ORM would build and compile them on each call (most of the token check's time,
    bench/request_budget.py).
    """
    statement = _token_owner_statement(connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(statement.sql, [token_hash, True])
        row = cursor.fetchone()
    if row is None:
        return None
    values = list(row)
    for index, column, converters in statement.conversions:
        for converter in converters:
            values[index] = converter(values[index], column, connection)
    token_id, last_used_at, *staff_values = values
    return Staff.from_db(connection.alias, statement.staff_fields, staff_values), token_id, last_used_at


class _TokenOwnerStatement(NamedTuple):
    sql: str
    # What the ORM applies to the values it reads, by column index (on SQLite: times and booleans).
    conversions: list[tuple[int, Col, list[Callable[[Any, Col, Any], Any]]]]
    staff_fields: list[str]


@functools.cache
def _token_owner_statement(vendor: str) -> _TokenOwnerStatement:
    """The token check's SQL and how to read its row on the database ``vendor`` (converters and
    quoting depend on the backend and the settings only)."""
    columns = [ApiToken._meta.pk.get_col("t"), ApiToken._meta.get_field("last_used_at").get_col("t")]
    columns += [field.get_col("s") for field in Staff._meta.concrete_fields]
    selected = ", ".join(f"{column.alias}.{connection.ops.quote_name(str(column.target.column))}" for column in columns)
    sql = (
        f"SELECT {selected} FROM accounts_apitoken t JOIN accounts_staff s ON s.id = t.staff_id"  # noqa: S608 - column names from the models; the values are parameters
        " WHERE t.token_hash = %s AND t.revoked_at IS NULL AND s.is_active = %s"
    )
    conversions = []
    for index, column in enumerate(columns):
        if converters := connection.ops.get_db_converters(column) + column.get_db_converters(connection):
            conversions.append((index, column, converters))
    return _TokenOwnerStatement(sql, conversions, [f.attname for f in Staff._meta.concrete_fields])
