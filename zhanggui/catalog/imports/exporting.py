"""Exporting the (filtered) SKU list in the import file's layout, so the file can be edited and re-imported.

One row per SKU. A SKU kept in several warehouses is written with its first warehouse by code
(re-importing then sets that warehouse and leaves the others alone). 店铺编码 lists the stores where
the product is listed (上架); a product listed nowhere lists the stores where it is delisted (下架).
Only stores in the exporter's scope are written.
"""

from __future__ import annotations

from collections.abc import Iterator
from operator import itemgetter
from typing import Any

from django.utils.translation import gettext as _

from zhanggui.core.actors import Actor
from zhanggui.core.exports import ExportColumn, ExportFile, export_file
from zhanggui.core.permissions import has_perm, require_perm

from .. import selectors
from ..models import ListingStatus, Stock
from .columns import ATTRIBUTE_KEYS, COLUMNS, STATUS_LABELS

EXPORT_FORMATS = ("xlsx", "csv")

_SKU_FIELDS = (
    "id",
    "product_id",
    "product__spu_code",
    "product__name",
    "product__category_id",
    "product__brand",
    "merchant_code",
    "barcode",
    "attributes",
    "list_price",
    "price_floor",
)


def product_export(*, by: Actor, filters: dict[str, Any], file_format: str) -> ExportFile:
    """The SKUs ``by`` may see, filtered like the SKU list, as an XLSX or CSV file; audited.

    The price floor column is written only for staff who set prices.
    """
    require_perm(by, "catalog.export")
    skus = selectors.sku_list(user=by, filters=filters).order_by("product__spu_code", "merchant_code")
    hidden = set() if has_perm(by, "catalog.price") else {"price_floor"}
    return export_file(
        columns=[
            ExportColumn(header=c.header, value=itemgetter(i)) for i, c in enumerate(COLUMNS) if c.key not in hidden
        ],
        objects=_rows(by, skus),
        count=skus.count,
        user=by,
        file_format=file_format if file_format in EXPORT_FORMATS else EXPORT_FORMATS[0],
        filename="products",
        action="catalog.export",
        description=_("Products (import layout)"),
    )


def _listing_cells(user: Actor, product_ids: Any) -> dict[int, tuple[str, str]]:
    """Per product: (store codes, status word) for the 店铺编码 and 上架状态 columns."""
    by_product: dict[int, dict[str, list[str]]] = {}
    listings = selectors.visible_listings(user).filter(product_id__in=product_ids).order_by("store__code")
    for product_id, code, status in listings.values_list("product_id", "store__code", "status"):
        by_product.setdefault(product_id, {}).setdefault(status, []).append(code)
    cells = {}
    for product_id, codes in by_product.items():
        status = ListingStatus.ONLINE if ListingStatus.ONLINE in codes else ListingStatus.OFFLINE
        cells[product_id] = (",".join(codes[status]), STATUS_LABELS[status])
    return cells


def _rows(user: Actor, skus: Any) -> Iterator[tuple[Any, ...]]:
    categories = {pk: "/".join(names) for pk, names in selectors.category_paths().items()}
    listings = _listing_cells(user, skus.values("product_id"))
    stock: dict[int, tuple[str, int]] = {}
    held = Stock.objects.filter(sku_id__in=skus.values("id")).order_by("sku_id", "warehouse__code")
    for sku_id, warehouse, on_hand in held.values_list("sku_id", "warehouse__code", "on_hand"):
        stock.setdefault(sku_id, (warehouse, on_hand))
    no_stock, no_listing = ("", ""), ("", "")
    for sku_id, product_id, spu, name, category_id, brand, code, barcode, attributes, price, floor in skus.values_list(
        *_SKU_FIELDS
    ).iterator(chunk_size=5000):
        yield (
            spu,
            name,
            categories.get(category_id, ""),
            brand,
            code,
            barcode,
            *(attributes.get(key, "") for key in ATTRIBUTE_KEYS),
            price,
            floor,
            *stock.get(sku_id, no_stock),
            *listings.get(product_id, no_listing),
        )
