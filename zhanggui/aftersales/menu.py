"""The after-sales entries of the console menu."""

from django.utils.translation import gettext_lazy as _

from zhanggui.core.menu import MenuItem

_GROUP = _("After-sales")

ITEMS: list = [
    # --- console ---
    MenuItem(_("After-sales desk"), "aftersales:case_list", "aftersales.view", _GROUP, order=250),
    # --- imports of platform requests ---
    MenuItem(_("Import after-sales"), "aftersales:import_list", "aftersales.import", _GROUP, order=260),
    # --- defect feedback, report, reasons and rules ---
    MenuItem(_("Return rates and defects"), "aftersales:defects", "aftersales.report", _GROUP, order=320),
    MenuItem(_("After-sales report"), "aftersales:report", "aftersales.report", _GROUP, order=321),
    MenuItem(_("After-sales reasons"), "aftersales:reason_list", "aftersales.settings", _GROUP, order=328),
    MenuItem(_("After-sales rules"), "aftersales:settings_list", "aftersales.settings", _GROUP, order=329),
]
