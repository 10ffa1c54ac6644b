"""Writes about stores. Other code imports from here: ``from zhanggui.stores import services``."""

from .stores import (
    store_create,
    store_credential_update,
    store_credential_view,
    store_staff_assign,
    store_update,
    store_webhook_secret_retire_previous,
)

__all__ = [
    "store_create",
    "store_credential_update",
    "store_credential_view",
    "store_staff_assign",
    "store_update",
    "store_webhook_secret_retire_previous",
]
