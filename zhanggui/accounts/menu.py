from django.utils.translation import gettext_lazy as _

from zhanggui.core.menu import MenuItem

ITEMS = [
    MenuItem(_("Staff"), "accounts:staff_list", "staff.manage", _("System"), order=905),
    MenuItem(_("Teams"), "accounts:team_list", "staff.manage", _("System"), order=906),
]
