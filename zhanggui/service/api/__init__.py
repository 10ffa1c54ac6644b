"""The customer-service API (``/api/v1/service/…``): routers per area, mounted by the project's api."""

from . import conversations

# (prefix under /api/v1, router); the more specific prefixes come first.
ROUTES: list = [
    # --- conversations: list, detail, messages, reply, notes, resolve, the buyer (svc-data) ---
    ("/service/conversations", conversations.router),
]
