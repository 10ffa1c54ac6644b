"""The customer-service API (``/api/v1/service/…``): routers per area, mounted by the project's api."""

from . import knowledge, suggestions

# (prefix under /api/v1, router); the more specific prefixes come first.
ROUTES: list = []

# --- suggestions and the knowledge panel ---
ROUTES += [("/service", suggestions.router), ("/service", knowledge.router)]
