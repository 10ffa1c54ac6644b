"""The customer-service API (``/api/v1/service/…``): routers per area, mounted by the project's api."""

from . import (
    agents,
    assignment,
    calls,
    channels,
    conversations,
    followups,
    groups,
    knowledge,
    settings,
    suggestions,
    webhooks,
)

# (prefix under /api/v1, router); the more specific prefixes come first.
ROUTES: list = [
    # --- conversations: list, detail, messages, reply, notes, resolve, the buyer ---
    ("/service/conversations", conversations.router),
    # --- assignment: agents, groups, settings, who holds a conversation ---
    ("/service/agents", agents.router),
    ("/service/groups", groups.router),
    ("/service/settings", settings.router),
    ("/service/conversations", assignment.router),
    # --- channels: platform webhooks, integrations, calls, follow-ups ---
    ("/service/webhooks", webhooks.router),
    ("/service/messages", channels.router),
    ("/service/calls", calls.router),
    ("/service/follow-ups", followups.router),
    # --- suggestions and the knowledge panel ---
    ("/service", suggestions.router),
    ("/service", knowledge.router),
]
