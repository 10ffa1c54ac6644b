"""The after-sales API (``/api/v1/aftersales/…``): routers per area, mounted by the project's api."""

ROUTES: list = []

# as-feedback: evidence, guidance, reasons, rules, return rates, report
from . import evidence, guidance, report, settings  # noqa: E402 - kept in this block for merging

ROUTES += [
    ("/aftersales/evidence", evidence.router),
    ("/aftersales/guidance", guidance.router),
    ("/aftersales/reasons", settings.reasons_router),
    ("/aftersales/settings", settings.router),
    ("/aftersales/return-rates", report.rates_router),
    ("/aftersales/report", report.router),
]
