"""The after-sales API (``/api/v1/aftersales/…``): routers per area, mounted by the project's api."""

from . import actions, cases, evidence, guidance, imports, refunds, report, settings, webhooks

# (prefix under /api/v1, router); the more specific prefixes come first.
ROUTES: list = [
    # --- platform requests ---
    ("/aftersales/imports", imports.router),
    ("/aftersales/webhooks", webhooks.router),
    # --- evidence, guidance, reasons, rules, return rates, report ---
    ("/aftersales/evidence", evidence.router),
    ("/aftersales/guidance", guidance.router),
    ("/aftersales/reasons", settings.reasons_router),
    ("/aftersales/settings", settings.router),
    ("/aftersales/return-rates", report.rates_router),
    ("/aftersales/report", report.router),
    # --- cases, their steps and refunds, an order's refundable money ---
    ("/aftersales/cases", actions.router),
    ("/aftersales/cases", cases.router),
    ("/aftersales", refunds.router),
]
