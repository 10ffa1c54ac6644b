"""Reads about stores. Other code imports from here: ``from zhanggui.stores import selectors``."""

from .stores import (
    store_credential_status,
    store_get,
    store_list,
    store_zone,
    time_zone_choices,
    time_zone_label,
    time_zone_names,
)
from .webhooks import WebhookUnauthorized, store_webhook_secrets, webhook_signature, webhook_verify

__all__ = [
    "WebhookUnauthorized",
    "store_credential_status",
    "store_get",
    "store_list",
    "store_webhook_secrets",
    "store_zone",
    "time_zone_choices",
    "time_zone_label",
    "time_zone_names",
    "webhook_signature",
    "webhook_verify",
]
