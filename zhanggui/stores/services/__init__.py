"""Writes about stores. Other code imports from here: ``from zhanggui.stores import services``."""

from .stores import (
    store_create,
    store_credential_update,
    store_credential_view,
    store_update,
    store_webhook_secret_retire_previous,
)
from .webhooks import DeliveryOutcome, webhook_delivery_id, webhook_delivery_once

__all__ = [
    "DeliveryOutcome",
    "store_create",
    "store_credential_update",
    "store_credential_view",
    "store_update",
    "store_webhook_secret_retire_previous",
    "webhook_delivery_id",
    "webhook_delivery_once",
]
