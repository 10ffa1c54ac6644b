"""The catalog's entries in the console's left menu."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from zhanggui.core.menu import MenuItem

_GROUP = _("Catalog")

ITEMS = [
    MenuItem(_("Products"), "catalog:product_list", "catalog.view", _GROUP, order=300),
    MenuItem(_("SKUs & prices"), "catalog:sku_list", "catalog.view", _GROUP, order=301),
    MenuItem(_("Stock"), "catalog:stock_list", "catalog.view", _GROUP, order=302),
    MenuItem(_("Low stock"), "catalog:low_stock", "catalog.view", _GROUP, order=303),
    MenuItem(_("Categories"), "catalog:category_list", "catalog.view", _GROUP, order=304),
    MenuItem(_("Warehouses"), "catalog:warehouse_list", "catalog.warehouse", _GROUP, order=305),
    MenuItem(_("Product knowledge"), "catalog:knowledge_search", "knowledge.view", _GROUP, order=306),
    MenuItem(_("Import products"), "catalog:import_list", "catalog.import", _GROUP, order=307),
]
