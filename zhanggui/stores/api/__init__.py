"""API of the stores context, mounted under ``/api/v1/stores``."""

from . import stores

# (prefix under /api/v1, router), mounted by the project's API root (zhanggui/api.py).
ROUTES = [("/stores", stores.router)]
