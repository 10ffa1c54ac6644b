"""Writes of the catalog. Every service checks permission and scope and writes one audit row.

Other contexts import from here: ``from zhanggui.catalog.services import stock_reserve``.
"""

from .categories import category_change, category_create, category_move, category_update
from .images import (
    picture_files_write,
    product_image_add,
    product_image_assign,
    product_image_move,
    product_image_remove,
)
from .knowledge import knowledge_entry_create, knowledge_entry_delete, knowledge_entry_update
from .listings import listing_batch_status_change, listing_status_change
from .prices import PRICE_MODES, sku_price_batch_change, sku_price_change, sku_price_floor_change
from .products import product_create, product_update, sku_create, sku_update
from .stock import (
    StockBatch,
    StockCount,
    stock_adjust,
    stock_batch_adjust,
    stock_batch_write,
    stock_decrement,
    stock_deduct,
    stock_release,
    stock_reserve,
    stock_reserve_rows,
    stock_return_receive,
    stock_threshold_set,
)
from .warehouses import warehouse_create, warehouse_update

__all__ = [
    "PRICE_MODES",
    "StockBatch",
    "StockCount",
    "category_change",
    "category_create",
    "category_move",
    "category_update",
    "knowledge_entry_create",
    "knowledge_entry_delete",
    "knowledge_entry_update",
    "listing_batch_status_change",
    "listing_status_change",
    "picture_files_write",
    "product_create",
    "product_image_add",
    "product_image_assign",
    "product_image_move",
    "product_image_remove",
    "product_update",
    "sku_create",
    "sku_price_batch_change",
    "sku_price_change",
    "sku_price_floor_change",
    "sku_update",
    "stock_adjust",
    "stock_batch_adjust",
    "stock_batch_write",
    "stock_decrement",
    "stock_deduct",
    "stock_release",
    "stock_reserve",
    "stock_reserve_rows",
    "stock_return_receive",
    "stock_threshold_set",
    "warehouse_create",
    "warehouse_update",
]
