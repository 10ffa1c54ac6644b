"""The orders context's entries in the console's left menu."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from zhanggui.core.menu import MenuItem

_GROUP = _("Orders")

ITEMS: list = [
    MenuItem(_("Orders"), "orders:order_list", "orders.view", _GROUP, order=200),
    MenuItem(_("Review queue"), "orders:review_queue", "orders.review", _GROUP, order=201),
]
