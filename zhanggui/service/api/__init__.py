"""The customer-service API (``/api/v1/service/…``): routers per area, mounted by the project's api."""

from . import agents, assignment, conversations, groups, knowledge, settings, suggestions

# (prefix under /api/v1, router); the more specific prefixes come first.
ROUTES: list = [
    # --- conversations: list, detail, messages, reply, notes, resolve, the buyer ---
    ("/service/conversations", conversations.router),
    # --- assignment: agents, groups, settings, who holds a conversation ---
    ("/service/agents", agents.router),
    ("/service/groups", groups.router),
    ("/service/settings", settings.router),
    ("/service/conversations", assignment.router),
    # --- suggestions and the knowledge panel ---
    ("/service", suggestions.router),
    ("/service", knowledge.router),
]
