"""The product file: one row per SKU, with the Chinese headers merchants use (English aliases accepted).

The same layout is written by the export, so an exported file can be edited and imported again.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from zhanggui.core.imports import ImportColumn

from ..models import SKU_ATTRIBUTES, ListingStatus

COLUMNS: tuple[ImportColumn, ...] = (
    ImportColumn("spu_code", "商品编码", ("spu_code", "spu", "product code", "款号"), required=True),
    ImportColumn("name", "商品名称", ("name", "product name", "商品标题"), required=True),
    ImportColumn("category", "类目", ("category", "分类")),
    ImportColumn("brand", "品牌", ("brand",)),
    ImportColumn("merchant_code", "商家编码", ("merchant_code", "merchant code", "sku code", "sku编码"), required=True),
    ImportColumn("barcode", "条形码", ("barcode", "条码", "ean")),
    ImportColumn("color", "颜色", ("color", "colour")),
    ImportColumn("size", "尺码", ("size",)),
    ImportColumn("material", "材质", ("material",)),
    ImportColumn("style", "款式", ("style",)),
    ImportColumn("list_price", "吊牌价", ("售价", "吊牌价/售价", "list_price", "list price", "price"), required=True),
    ImportColumn("price_floor", "最低价", ("price_floor", "price floor", "floor price", "最低售价")),
    ImportColumn("warehouse", "仓库编码", ("warehouse", "warehouse code", "仓库")),
    ImportColumn("on_hand", "库存", ("stock", "on_hand", "on hand", "库存数量")),
    ImportColumn("stores", "店铺编码", ("stores", "store codes", "store", "店铺")),
    ImportColumn("status", "上架状态", ("listing status", "status", "状态")),
)

ATTRIBUTE_KEYS = tuple(SKU_ATTRIBUTES)  # columns stored in Sku.attributes under their key

LISTED, DELISTED = "上架", "下架"  # the words the file uses for the listing status
STATUS_WORDS: dict[str, str] = {
    LISTED: ListingStatus.ONLINE,
    DELISTED: ListingStatus.OFFLINE,
    "online": ListingStatus.ONLINE,
    "offline": ListingStatus.OFFLINE,
    "listed": ListingStatus.ONLINE,
    "delisted": ListingStatus.OFFLINE,
}
STATUS_LABELS: dict[str, str] = {ListingStatus.ONLINE: LISTED, ListingStatus.OFFLINE: DELISTED}

CATEGORY_SEPARATORS = ("／", ">", "＞", "›")  # besides "/", all read as "/"
STORE_SEPARATORS = ("，", "、", ";", "；", " ")  # besides ",", all read as ","

# What each column holds, shown next to the upload form.
COLUMN_HELP: dict[str, Any] = {
    "spu_code": _("Product code; rows with the same code are SKUs of one product."),
    "name": _("Product name (may be given on one row of the product only)."),
    "category": _("Category path such as 女装/连衣裙; missing categories are created."),
    "brand": _("Brand."),
    "merchant_code": _("The SKU's merchant code, unique; an existing code is updated."),
    "barcode": _("Barcode."),
    "color": _("Colour."),
    "size": _("Size."),
    "material": _("Material."),
    "style": _("Style."),
    "list_price": _("List price, e.g. 199.00."),
    "price_floor": _("Lowest allowed price; empty means 0.00."),
    "warehouse": _("Code of the warehouse holding the stock."),
    "on_hand": _("Units on hand in that warehouse (set, not added)."),
    "stores": _("Codes of the stores to list the product in, separated by commas or 、."),
    "status": _("上架 (listed) or 下架 (delisted) in those stores."),
}
