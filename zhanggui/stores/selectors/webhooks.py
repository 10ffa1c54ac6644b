"""Signed inbound webhooks of a store: who may call (HMAC-SHA256 with the store's secret).

The platform signs ``"<timestamp>.<raw body>"`` with the store's webhook secret and sends
``X-Zhanggui-Timestamp`` (unix seconds), ``X-Zhanggui-Delivery`` (its delivery id) and
``X-Zhanggui-Signature: sha256=<hex digest>``. During a secret rotation the current and the previous
secret both verify. A call that fails any check is refused the same way, without saying which check
failed, and has no effect. Acting once per delivery is ``services.webhooks``.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import time

from django.utils.translation import gettext_lazy

from zhanggui.core.exceptions import ServiceError

from ..models import Store, StoreCredential

TOLERANCE_SECONDS = 300  # how far a signature's timestamp may be from our clock, either way
SIGNATURE_SCHEME = "sha256="
_STORE_CODE = re.compile(r"[-a-zA-Z0-9_]{1,40}")
_HEX_DIGEST = re.compile(r"[0-9a-f]{64}")
_TIMESTAMP = re.compile(r"[0-9]{1,12}")


class WebhookUnauthorized(ServiceError):
    """The call is not signed by the store's secret (or is too old, or the store is unknown)."""

    status = 401
    code = "unauthenticated"
    default_message = gettext_lazy("The webhook signature is missing, stale or not valid.")


def store_webhook_secrets(*, store: Store) -> list[str]:
    """The secrets that verify the store's inbound webhooks: the current one, then the previous
    one while a rotation is under way. For the webhook receiver; never shown to anyone."""
    credential = StoreCredential.objects.filter(store=store).first()
    if credential is None:
        return []
    return [secret for secret in (credential.webhook_secret, credential.previous_webhook_secret) if secret]


def webhook_signature(*, secret: str, timestamp: int | str, body: bytes) -> str:
    """The ``X-Zhanggui-Signature`` value for ``body`` sent at ``timestamp``: ``sha256=<hex>``."""
    message = str(timestamp).encode() + b"." + body
    return SIGNATURE_SCHEME + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def webhook_verify(
    *, store_code: str, timestamp: str | None, signature: str | None, body: bytes, now: float | None = None
) -> Store:
    """The active store whose current or previous secret signed ``body`` within the tolerance.

    Raises ``WebhookUnauthorized`` otherwise, the same for an unknown store, a missing, malformed,
    wrong or stale signature, so a caller learns nothing about which stores exist. Digests are
    compared in constant time.
    """
    store = Store.objects.filter(code=store_code, is_active=True).first() if _STORE_CODE.fullmatch(store_code) else None
    secrets = store_webhook_secrets(store=store) if store is not None else []
    timestamp = (timestamp or "").strip()
    signature = (signature or "").strip().lower()
    fresh = (
        bool(_TIMESTAMP.fullmatch(timestamp))
        and abs((time.time() if now is None else now) - int(timestamp or 0)) <= TOLERANCE_SECONDS
    )
    well_formed = signature.startswith(SIGNATURE_SCHEME) and bool(_HEX_DIGEST.fullmatch(signature[7:]))
    # Every secret is tried (a dummy one when there is none), so the time taken says nothing either.
    matches = [
        hmac.compare_digest(webhook_signature(secret=secret, timestamp=timestamp, body=body), signature)
        for secret in secrets or ["-"]
    ]
    if store is None or not secrets or not fresh or not well_formed or not any(matches):
        raise WebhookUnauthorized()
    return store
