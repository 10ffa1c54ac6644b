"""API of the accounts context: tokens (``/api/v1/auth``), staff and teams (``/api/v1/staff``), a store's staff."""

from . import staff, tokens

# (prefix under /api/v1, router), mounted by the project's API root (zhanggui/api.py).
ROUTES = [("/auth", tokens.router), ("/staff", staff.router), ("/stores", staff.store_router)]
