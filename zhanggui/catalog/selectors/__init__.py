"""Reads of the catalog. Other code imports from here: ``from zhanggui.catalog import selectors``."""

from .categories import category_descendant_ids, category_get, category_list, category_paths, category_tree
from .images import picture_urls, product_image_get, product_image_list, sku_pictures
from .knowledge import knowledge_get, knowledge_list, knowledge_search
from .listings import (
    listing_counts,
    listing_get,
    product_in_scope,
    products_in_scope,
    require_product_access,
    visible_listings,
)
from .products import (
    product_get,
    product_list,
    product_timeline,
    sku_get,
    sku_list,
    skus_by_merchant_code,
    sold_out_skus,
)
from .stock import (
    low_stock_list,
    stock_available,
    stock_get,
    stock_list,
    stock_rows_for_skus,
    warehouse_get,
    warehouse_list,
)

__all__ = [
    "category_descendant_ids",
    "category_get",
    "category_list",
    "category_paths",
    "category_tree",
    "knowledge_get",
    "knowledge_list",
    "knowledge_search",
    "listing_counts",
    "listing_get",
    "low_stock_list",
    "picture_urls",
    "product_get",
    "product_image_get",
    "product_image_list",
    "product_in_scope",
    "product_list",
    "product_timeline",
    "products_in_scope",
    "require_product_access",
    "sku_get",
    "sku_list",
    "sku_pictures",
    "skus_by_merchant_code",
    "sold_out_skus",
    "stock_available",
    "stock_get",
    "stock_list",
    "stock_rows_for_skus",
    "visible_listings",
    "warehouse_get",
    "warehouse_list",
]
