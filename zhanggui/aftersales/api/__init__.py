"""The after-sales API (``/api/v1/aftersales/…``): routers per area, mounted by the project's api."""

from . import imports, webhooks

# (prefix under /api/v1, router); the more specific prefixes come first.
ROUTES: list = [
    # --- platform requests (as-imports) ---
    ("/aftersales/imports", imports.router),
    ("/aftersales/webhooks", webhooks.router),
]
