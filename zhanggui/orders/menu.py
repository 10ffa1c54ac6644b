"""The orders context's entries in the console's left menu."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from zhanggui.core import policy
from zhanggui.core.menu import MenuItem

_GROUP = _("Orders")

ITEMS: list = [
    MenuItem(_("Opening checklist"), "orders:checklist", policy.AUTHENTICATED, _GROUP, order=199),
    MenuItem(_("Order list"), "orders:order_list", "orders.view", _GROUP, order=200),
    MenuItem(_("Review queue"), "orders:review_queue", "orders.review", _GROUP, order=201),
    MenuItem(_("Order anomalies"), "orders:anomaly_list", "orders.view", _GROUP, order=202),
    MenuItem(_("Ship from a file"), "orders:shipping_file", "orders.ship", _GROUP, order=205),
    MenuItem(_("Tracking number pool"), "orders:tracking_pool", "orders.ship", _GROUP, order=205),
    MenuItem(_("Import tracking"), "orders:tracking_import_start", "orders.ship", _GROUP, order=204),
    MenuItem(_("Import orders"), "orders:import_list", "orders.import", _GROUP, order=206),
    MenuItem(_("Store ratings"), "orders:rating_list", "ratings.view", _GROUP, order=207),
    MenuItem(_("Blacklist"), "orders:blacklist_list", "orders.blacklist", _GROUP, order=208),
    MenuItem(_("Order rules"), "orders:settings_list", "orders.review", _GROUP, order=209),
]
