"""Signed inbound webhooks of a store: who may call (HMAC-SHA256 with the store's secret) and acting once per delivery.

The platform signs ``"<timestamp>.<raw body>"`` with the store's webhook secret and sends
``X-Zhanggui-Timestamp`` (unix seconds), ``X-Zhanggui-Delivery`` (its delivery id) and
``X-Zhanggui-Signature: sha256=<hex digest>``. During a secret rotation the current and the previous
secret both verify. A call that fails any check is refused the same way, without saying which check
failed, and has no effect. The delivery id is not signed: a captured call re-sent within the
tolerance under another id acts again, which is harmless because every effect is idempotent
(the same order or review data twice changes nothing).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhanggui.core.exceptions import ServiceError, ValidationFailed

from ..models import Store, WebhookDelivery
from .stores import store_webhook_secrets

TOLERANCE_SECONDS = 300  # how far a signature's timestamp may be from our clock, either way
SIGNATURE_SCHEME = "sha256="
_STORE_CODE = re.compile(r"[-a-zA-Z0-9_]{1,40}")
_HEX_DIGEST = re.compile(r"[0-9a-f]{64}")
_TIMESTAMP = re.compile(r"[0-9]{1,12}")
DELIVERY_ID_MAX_LENGTH = WebhookDelivery._meta.get_field("delivery_id").max_length or 80


class WebhookUnauthorized(ServiceError):
    """The call is not signed by the store's secret (or is too old, or the store is unknown)."""

    status = 401
    code = "unauthenticated"
    default_message = gettext_lazy("The webhook signature is missing, stale or not valid.")


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


def webhook_delivery_id(value: str | None) -> str:
    """The delivery id header, checked (1–80 characters, no control characters)."""
    delivery_id = (value or "").strip()
    if not delivery_id or len(delivery_id) > DELIVERY_ID_MAX_LENGTH or not delivery_id.isprintable():
        message = _("Send a delivery id of 1 to %(max)s printable characters.") % {"max": DELIVERY_ID_MAX_LENGTH}
        raise ValidationFailed.for_field("X-Zhanggui-Delivery", message)
    return delivery_id


@dataclass(frozen=True)
class DeliveryOutcome:
    """What a delivery did, and whether this call was a replay of an earlier one (which did nothing)."""

    result: dict[str, Any]
    replayed: bool


def webhook_delivery_once(
    *, store: Store, delivery_id: str, event: str, effect: Callable[[], dict[str, Any]]
) -> DeliveryOutcome:
    """Run ``effect`` once per (store, delivery id) and remember its result for replays.

    The delivery row is inserted first, in the same transaction as the effect: a concurrent call
    with the same id waits on the unique index until that transaction ends, then finds the row
    and answers with its result; if the effect fails (e.g. an invalid payload raises), the row is
    rolled back with it, so a corrected resend of the same delivery id is processed.
    """
    with transaction.atomic():
        try:
            with transaction.atomic():
                delivery = WebhookDelivery.objects.create(store=store, delivery_id=delivery_id, event=event)
        except IntegrityError:
            earlier = WebhookDelivery.objects.get(store=store, delivery_id=delivery_id)
            return DeliveryOutcome(result=earlier.result, replayed=True)
        delivery.result = effect()
        delivery.save(update_fields=["result"])
    return DeliveryOutcome(result=delivery.result, replayed=False)
