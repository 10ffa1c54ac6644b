"""Reads about stores. Other code imports from here: ``from zhanggui.stores import selectors``."""

from .stores import (
    store_credential_status,
    store_get,
    store_list,
    store_webhook_secrets,
    time_zone_choices,
    time_zone_names,
)

__all__ = [
    "store_credential_status",
    "store_get",
    "store_list",
    "store_webhook_secrets",
    "time_zone_choices",
    "time_zone_names",
]
