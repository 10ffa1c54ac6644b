"""The customer-service entries of the console menu."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zhanggui.core.menu import MenuItem

_GROUP = _("Customer service")

ITEMS: list = [
    # --- history and canned replies ---
    MenuItem(_("Conversation history"), "service:history", "service.view", _GROUP, order=210),
    MenuItem(_("Canned replies"), "service:canned_list", "service.reply", _GROUP, order=220),
    # --- follow-ups: call-backs of missed calls, promises to buyers ---
    MenuItem(_("Follow-ups"), "service:followup_list", "service.view", _GROUP, order=225),
    # --- assignment: agents, groups, settings ---
    MenuItem(_("Agents"), "service:agent_list", "service.view", _GROUP, order=230),
    MenuItem(_("Service groups"), "service:group_list", "service.settings", _GROUP, order=238),
    MenuItem(_("Service settings"), "service:settings_list", "service.settings", _GROUP, order=239),
]

# --- workspace ---
ITEMS += [MenuItem(pgettext_lazy("menu", "Service inbox"), "service:workspace", "service.view", _GROUP, order=200)]
