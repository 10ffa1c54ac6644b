"""Writes about staff. Other code imports from here: ``from zhanggui.accounts import services``."""

from .staff import (
    password_change,
    staff_create,
    staff_password_set,
    staff_update,
    store_staff_assign,
    team_create,
)
from .tokens import api_token_authenticate, api_token_create, api_token_revoke

__all__ = [
    "api_token_authenticate",
    "api_token_create",
    "api_token_revoke",
    "password_change",
    "staff_create",
    "staff_password_set",
    "staff_update",
    "store_staff_assign",
    "team_create",
]
