"""Writes about API tokens: issuing and revoking them, and authenticating a request by one."""

from __future__ import annotations

import hashlib
import secrets

from django.db import transaction
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
