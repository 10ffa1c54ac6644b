"""The customer-service entries of the console menu."""

from django.utils.translation import gettext_lazy as _

from zhanggui.core.menu import MenuItem

_GROUP = _("Customer service")

ITEMS: list = [
    # --- history and canned replies (svc-data); 客服工作台 (service:workspace, order 200), 跟进任务
    # (service:followup_list), 客服分组 (service:group_list), 客服设置 (service:settings_list) and
    # 客服状态 (service:agent_list) are added by their pages' owners: the menu reverses every name ---
    MenuItem(_("Conversation history"), "service:history", "service.view", _GROUP, order=210),
    MenuItem(_("Canned replies"), "service:canned_list", "service.reply", _GROUP, order=220),
]

# --- workspace ---
ITEMS += [MenuItem(_("Customer service workspace"), "service:workspace", "service.view", _GROUP, order=200)]
