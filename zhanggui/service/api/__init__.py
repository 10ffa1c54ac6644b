"""The customer-service API (``/api/v1/service/…``): routers per area, mounted by the project's api."""

# --- channels: platform webhooks, integrations, calls, follow-ups ---
from . import calls, channels, followups, webhooks

# (prefix under /api/v1, router); the more specific prefixes come first.
ROUTES: list = [
    # --- channels ---
    ("/service/webhooks", webhooks.router),
    ("/service/messages", channels.router),
    ("/service/calls", calls.router),
    ("/service/follow-ups", followups.router),
]
