"""Home cards of customer service.

Every figure is the count of the workspace tab its link opens (``selectors.workspace_tab``, the
same filters), so the number on the card is the number of conversations the agent finds there.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zhanggui.core.actors import Actor
from zhanggui.core.widgets import FIGURES_TEMPLATE, Figure, HomeWidget

# --- the agent's and the lead's cards (svc-data) ---
from .selectors import AGENT_ROLES, MINE, QUEUE, UNANSWERED, agents_online, longest_wait_minutes, workspace_tab


def workspace_url(tab: str) -> str:
    """The workspace opened on ``tab``: the rows the figure counts."""
    return f"{reverse('service:workspace')}?tab={tab}"


def agent_card(user: Actor) -> dict[str, Any] | None:
    """Buyers waiting in the agent's groups, their own conversations, and those waiting too long;
    none for staff who may answer but are not on the service team (after-sales, managers)."""
    if getattr(user, "role", None) not in AGENT_ROLES:
        return None
    queued = workspace_tab(user=user, tab=QUEUE).count()
    mine = workspace_tab(user=user, tab=MINE).count()
    unanswered = workspace_tab(user=user, tab=UNANSWERED).count()
    figures = [
        Figure("queue", _("Waiting"), queued, workspace_url(QUEUE), alert=True),
        Figure("mine", _("My conversations"), mine, workspace_url(MINE)),
        Figure("unanswered", _("Unanswered too long"), unanswered, workspace_url(UNANSWERED), alert=True),
    ]
    return {"figures": figures, "todo": queued + unanswered}


def lead_card(user: Actor) -> dict[str, Any]:
    """The queue's length and its longest wait; agents online of all agents."""
    queued = workspace_tab(user=user, tab=QUEUE).count()
    online, total = agents_online(user=user)
    figures = [
        Figure("queue", _("Queue length"), queued, workspace_url(QUEUE), alert=True),
        Figure("longest_wait", _("Longest wait (minutes)"), longest_wait_minutes(user=user), workspace_url(QUEUE)),
        Figure("agents_online", _("Agents online"), f"{online} / {total}", reverse("service:agent_list")),
    ]
    return {"figures": figures, "todo": queued}


WIDGETS = [
    HomeWidget(
        "service.agent",
        _("Customer service"),
        "service.reply",
        FIGURES_TEMPLATE,
        agent_card,
        order=140,
        roles=frozenset({"cs_agent"}),
    ),
    HomeWidget(
        "service.lead",
        _("Customer service team"),
        "service.assign",
        FIGURES_TEMPLATE,
        lead_card,
        order=141,
        roles=frozenset({"cs_lead", "manager"}),
    ),
]
