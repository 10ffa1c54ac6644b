"""The after-sales API (``/api/v1/aftersales/…``): routers per area, mounted by the project's api."""

from . import actions, cases, reasons, refunds

# (prefix under /api/v1, router), mounted by the project's API root (zhanggui/api.py); the more
# specific prefixes come first.
ROUTES = [
    ("/aftersales/reasons", reasons.router),
    ("/aftersales/cases", actions.router),
    ("/aftersales/cases", cases.router),
    ("/aftersales", refunds.router),
]
