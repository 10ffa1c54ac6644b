"""Writes about API tokens: issuing and revoking them, and authenticating a request by one."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import secrets
from collections.abc import Callable
from typing import Any, NamedTuple

from django.db import connection, transaction
from django.db.models.expressions import Col
from django.utils import timezone
from django.utils.translation import gettext as _

from zhanggui.core.audit import audit_record
from zhanggui.core.exceptions import NotFoundError

from ..models import ApiToken, Staff

TOKEN_PREFIX = "zg_"  # noqa: S105 - a public marker, not a secret


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
