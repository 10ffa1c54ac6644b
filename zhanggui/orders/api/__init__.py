"""API of the orders context, mounted under ``/api/v1/orders`` (one router per area)."""

from . import (
    anomalies,
    blacklist,
    checklist,
    imports,
    orders,
    paperwork,
    ratings,
    settings,
    shipping_file,
    tracking,
    webhooks,
)

# (prefix under /api/v1, router), mounted by the project's API root (zhanggui/api.py); the more
# specific prefixes come first.
ROUTES = (
    ("/orders/imports", imports.router),
    ("/orders/webhooks", webhooks.router),
    ("/orders/ratings", ratings.router),
    ("/orders/checklist", checklist.router),
    ("/orders/blacklist", blacklist.router),
    ("/orders/anomalies", anomalies.router),
    ("/orders/settings", settings.router),
    ("/orders/shipping-files", shipping_file.router),
    ("/orders/paperwork", paperwork.router),
    ("/orders/tracking-pool", paperwork.pool_router),
    ("/orders/tracking", tracking.router),
    ("/orders", orders.router),
)
