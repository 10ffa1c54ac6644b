"""Acting once per delivery of a store's signed inbound webhook (who may call is ``selectors.webhooks``).

The delivery id is not signed: a captured call re-sent within the tolerance under another id acts
again, which is harmless because every effect is idempotent (the same order or review data twice
changes nothing).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from zhanggui.core.exceptions import ValidationFailed

from ..models import Store, WebhookDelivery

DELIVERY_ID_MAX_LENGTH = WebhookDelivery._meta.get_field("delivery_id").max_length or 80


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
