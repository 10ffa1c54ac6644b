"""The orders context's entries in the console's left menu."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from zhanggui.core.menu import MenuItem  # noqa: F401 - entries are added by each page

_GROUP = _("Orders")

ITEMS: list = []
