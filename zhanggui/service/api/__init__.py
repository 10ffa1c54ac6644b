"""The customer-service API (``/api/v1/service/…``): routers per area, mounted by the project's api."""

from . import conversations, knowledge, suggestions

# (prefix under /api/v1, router); the more specific prefixes come first.
ROUTES: list = [
    # --- conversations: list, detail, messages, reply, notes, resolve, the buyer ---
    ("/service/conversations", conversations.router),
    # --- suggestions and the knowledge panel ---
    ("/service", suggestions.router),
    ("/service", knowledge.router),
]
