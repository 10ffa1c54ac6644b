"""Plain tables of the catalog context: how people read the audit actions it writes."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "catalog.category.create": _("Create category"),
    "catalog.category.move": _("Move category"),
    "catalog.category.update": _("Edit category"),
    "catalog.export": _("Export products"),
    "catalog.import": _("Import products"),
    "catalog.knowledge.create": _("Add knowledge entry"),
    "catalog.knowledge.delete": _("Delete knowledge entry"),
    "catalog.knowledge.update": _("Edit knowledge entry"),
    "catalog.listing.batch_status_change": _("List or delist in batch"),
    "catalog.listing.status_change": _("List or delist"),
    "catalog.product.create": _("Create product"),
    "catalog.product.image_add": _("Add product picture"),
    "catalog.product.image_assign": _("Choose SKUs for a picture"),
    "catalog.product.image_move": _("Reorder product pictures"),
    "catalog.product.image_remove": _("Remove product picture"),
    "catalog.product.update": _("Edit product"),
    "catalog.sku.create": _("Create SKU"),
    "catalog.sku.price_batch_change": _("Change prices in batch"),
    "catalog.sku.price_change": _("Change price"),
    "catalog.sku.price_floor_change": _("Change price floor"),
    "catalog.sku.update": _("Edit SKU"),
    "catalog.stock.adjust": _("Set stock"),
    "catalog.stock.batch_adjust": _("Set stock in batch"),
    "catalog.stock.batch_move": _("Move stock for orders"),
    "catalog.stock.decrement": _("Sell from stock"),
    "catalog.stock.deduct": _("Deduct shipped stock"),
    "catalog.stock.release": _("Release reserved stock"),
    "catalog.stock.return_receive": _("Restock returned goods"),
    "catalog.stock.reserve": _("Reserve stock"),
    "catalog.stock.threshold_set": _("Set low-stock threshold"),
    "catalog.warehouse.create": _("Create warehouse"),
    "catalog.warehouse.update": _("Edit warehouse"),
}
