from django.utils.translation import gettext_lazy as _

from zhanggui.core.menu import MenuItem

ITEMS = [MenuItem(_("Stores"), "stores:store_list", "store.view", _("System"), order=900)]
