"""The customer-service API (``/api/v1/service/…``): routers per area, mounted by the project's api."""

from . import calls, channels, followups, knowledge, suggestions, webhooks

# (prefix under /api/v1, router); the more specific prefixes come first.
ROUTES: list = []

# --- channels: platform webhooks, integrations, calls, follow-ups (more specific than "/service") ---
ROUTES += [
    ("/service/webhooks", webhooks.router),
    ("/service/messages", channels.router),
    ("/service/calls", calls.router),
    ("/service/follow-ups", followups.router),
]

# --- suggestions and the knowledge panel ---
ROUTES += [("/service", suggestions.router), ("/service", knowledge.router)]
