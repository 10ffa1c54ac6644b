"""API of the accounts context: API tokens under ``/api/v1/auth``, staff and teams under ``/api/v1/staff``."""

from . import staff, tokens

# (prefix under /api/v1, router), mounted by the project's API root (zhanggui/api.py).
ROUTES = [("/auth", tokens.router), ("/staff", staff.router)]
