"""The after-sales API (``/api/v1/aftersales/…``): routers per area, mounted by the project's api."""

from . import actions, cases, imports, reasons, refunds, webhooks

# (prefix under /api/v1, router); the more specific prefixes come first.
ROUTES: list = [
    # --- platform requests (as-imports) ---
    ("/aftersales/imports", imports.router),
    ("/aftersales/webhooks", webhooks.router),
    # --- cases, their steps, refunds and reasons (as-api) ---
    ("/aftersales/reasons", reasons.router),
    ("/aftersales/cases", actions.router),
    ("/aftersales/cases", cases.router),
    ("/aftersales", refunds.router),
]
