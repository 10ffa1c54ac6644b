"""Checking the rows of a product file: per cell, across rows of one product, and against the database.

Product-level cells (商品名称, 类目, 品牌, 店铺编码, 上架状态) may be left empty on all but one row of
a 商品编码 (merged cells in Excel read that way); values that are given must agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from operator import itemgetter
from typing import Any

from django.utils.translation import gettext as _

from zhanggui.core.actors import Actor
from zhanggui.core.imports import ErrorReport, HeaderMap
from zhanggui.core.imports.sql import rows_for_keys
from zhanggui.core.permissions import store_ids_for
from zhanggui.stores.selectors import store_list

from ..models import Category, Product, Sku, Warehouse
from .columns import ATTRIBUTE_KEYS, CATEGORY_SEPARATORS, DELISTED, LISTED, STATUS_WORDS, STORE_SEPARATORS

CENTS = Decimal("0.01")
ZERO = Decimal("0.00")
MONEY_MAX = Decimal("9999999999.99")  # max_digits=12, decimal_places=2
_MONEY_NOISE = str.maketrans("", "", ",¥￥ ")
_SKU_KEYS = ("spu_code", "merchant_code", "barcode", "list_price", "price_floor", "warehouse", "on_hand")
_PRODUCT_KEYS = ("name", "category", "brand", "stores", "status")


SKU_OWNERS = """
SELECT s.merchant_code, p.spu_code, st.warehouse_id, st.reserved
FROM catalog_sku s
JOIN catalog_product p ON p.id = s.product_id
LEFT JOIN catalog_stock st ON st.sku_id = s.id AND st.reserved > 0
WHERE s.merchant_code IN ({keys})
"""

PRODUCTS_SEEN = """
SELECT p.spu_code, p.id, EXISTS (SELECT 1 FROM catalog_listing l WHERE l.product_id = p.id AND l.store_id IN ({stores}))
FROM catalog_product p
WHERE p.spu_code IN ({keys})
"""


def _max_length(model: Any, name: str) -> int:
    return int(model._meta.get_field(name).max_length)


@dataclass(slots=True)
class ProductLine:
    """The product-level values gathered from the rows of one 商品编码."""

    row: int
    raw: tuple[str, ...] = ()
    name: str = ""
    category: tuple[str, ...] = ()
    brand: str = ""
    stores: frozenset[int] = frozenset()
    status: str = ""  # "" = keep existing listings' status (new listings are delisted)
    rows: dict[str, int] = field(default_factory=dict)  # column key → row that gave its value
    invalid: set[str] = field(default_factory=set)  # column keys with a reported error


# (row, spu_code, merchant_code, barcode, attributes, list_price, price_floor, warehouse_id, on_hand)
SkuLine = tuple[int, str, str, str, dict[str, str], Decimal, Decimal, int | None, int | None]


@dataclass
class ProductRows:
    """A validated product file, ready to be written."""

    products: dict[str, ProductLine]
    skus: list[SkuLine]


class ProductRowValidator:
    """Checks one product file; ``finish`` returns ``ProductRows``."""

    def __init__(self, *, by: Actor, header: HeaderMap, report: ErrorReport) -> None:
        self.report = report
        at = header.index
        self.sku_cells = itemgetter(*(at[key] for key in _SKU_KEYS))
        self.attribute_cells = itemgetter(*(at[key] for key in ATTRIBUTE_KEYS))
        self.product_cells = itemgetter(*(at[key] for key in _PRODUCT_KEYS))
        self.warehouses = {
            code.lower(): pk for code, pk in Warehouse.objects.filter(is_active=True).values_list("code", "id")
        }
        self.scope = store_ids_for(by)
        self.stores = {code.lower(): pk for code, pk in store_list(user=by).values_list("code", "id")}
        self.products: dict[str, ProductLine] = {}
        self.skus: list[SkuLine] = []
        self.code_rows: dict[str, int] = {}
        self.parsed: dict[tuple[str, str], Any] = {}  # (column, text) → parsed value or error message
        self.amounts: dict[str, Decimal | str] = {}  # cell text → amount or error message
        self.attribute_sets: dict[tuple[str, ...], dict[str, str]] = {}  # attribute cells → the SKU's attributes
        self.limits = {
            "spu_code": _max_length(Product, "spu_code"),
            "name": _max_length(Product, "name"),
            "brand": _max_length(Product, "brand"),
            "merchant_code": _max_length(Sku, "merchant_code"),
            "barcode": _max_length(Sku, "barcode"),
            "category": _max_length(Category, "name"),
        }
        self.required = _("This field is required.")

    # --- cells -------------------------------------------------------------------------------

    def too_long(self, key: str) -> str:
        return _("Use at most %(max)s characters.") % {"max": self.limits[key]}

    def money(self, text: str) -> Decimal | str:
        """An amount with at most 2 decimal places, or the error message; prices repeat, so cached."""
        cached = self.amounts.get(text)
        if cached is None:
            cached = self.amounts[text] = self.parse_money(text)
        return cached

    def parse_money(self, text: str) -> Decimal | str:
        try:
            value = Decimal(text.translate(_MONEY_NOISE))
        except InvalidOperation:
            return _("Enter an amount such as 99.00.")
        if not value.is_finite():
            return _("Enter an amount such as 99.00.")
        if value > MONEY_MAX:
            return _("The amount is too large.")
        if value.quantize(CENTS) != value:
            return _("Use at most 2 decimal places.")
        if value < 0:
            return _("The amount cannot be negative.")
        return value.quantize(CENTS)

    def count(self, number: int, text: str) -> int | None:
        try:
            value = int(text)
        except ValueError:
            try:
                exact = Decimal(text)
                value = int(exact) if exact.is_finite() and exact == exact.to_integral_value() else -1
            except InvalidOperation:
                value = -1
        if value < 0:
            self.report.add(number, "on_hand", _("Enter a whole number of 0 or more."))
            return None
        return value

    def parse(self, key: str, text: str) -> Any:
        """A product-level cell's value, or an error message (a str wrapped in a list)."""
        cached = self.parsed.get((key, text))
        if cached is None:
            cached = self.parsed[key, text] = getattr(self, f"parse_{key}")(text)
        return cached

    def parse_name(self, text: str) -> Any:
        return [self.too_long("name")] if len(text) > self.limits["name"] else text

    def parse_brand(self, text: str) -> Any:
        return [self.too_long("brand")] if len(text) > self.limits["brand"] else text

    def parse_category(self, text: str) -> Any:
        for separator in CATEGORY_SEPARATORS:
            text = text.replace(separator, "/")
        names = tuple(part.strip() for part in text.split("/"))
        if not all(names):
            return [_("Write the category path as 女装/连衣裙, without empty parts.")]
        if any(len(name) > self.limits["category"] for name in names):
            return [self.too_long("category")]
        return names

    def parse_stores(self, text: str) -> Any:
        for separator in STORE_SEPARATORS:
            text = text.replace(separator, ",")
        codes = [code for code in text.split(",") if code]
        unknown = [code for code in codes if code.lower() not in self.stores]
        if unknown:
            message = _("Store %(code)s does not exist or is not one of your stores.")
            return [message % {"code": ", ".join(unknown)}]
        return frozenset(self.stores[code.lower()] for code in codes)

    def parse_status(self, text: str) -> Any:
        status = STATUS_WORDS.get(text.lower())
        return status or [_("Enter %(listed)s or %(delisted)s.") % {"listed": LISTED, "delisted": DELISTED}]

    # --- rows --------------------------------------------------------------------------------

    def row(self, number: int, cells: list[str]) -> None:
        report, limits, amounts = self.report, self.limits, self.amounts
        errors = report.count
        spu, code, barcode, price_text, floor_text, warehouse_code, stock_text = self.sku_cells(cells)
        if not spu:
            report.add(number, "spu_code", self.required)
        elif len(spu) > limits["spu_code"]:
            report.add(number, "spu_code", self.too_long("spu_code"))
        if not code:
            report.add(number, "merchant_code", self.required)
        elif len(code) > limits["merchant_code"]:
            report.add(number, "merchant_code", self.too_long("merchant_code"))
        elif code in self.code_rows:
            message = _("Merchant code %(code)s is also on row %(row)s.")
            report.add(number, "merchant_code", message % {"code": code, "row": self.code_rows[code]})
        else:
            self.code_rows[code] = number
        if len(barcode) > limits["barcode"]:
            report.add(number, "barcode", self.too_long("barcode"))
        # Prices repeat: most are parsed once (``money``) and then found in ``amounts``.
        price = (amounts.get(price_text) or self.money(price_text)) if price_text else self.required
        floor = (amounts.get(floor_text) or self.money(floor_text)) if floor_text else ZERO
        if isinstance(price, str):
            report.add(number, "list_price", price)
        if isinstance(floor, str):
            report.add(number, "price_floor", floor)
        elif not isinstance(price, str) and price < floor:
            report.add(number, "list_price", _("The price is below the price floor %(floor)s.") % {"floor": floor})
        warehouse, on_hand = self.stock(number, warehouse_code, stock_text)
        if spu:
            self.product(number, spu, self.product_cells(cells))
        if report.count == errors:
            attributes = self.attributes(self.attribute_cells(cells))
            self.skus.append((number, spu, code, barcode, attributes, price, floor, warehouse, on_hand))  # type: ignore[arg-type]

    def attributes(self, cells: tuple[str, ...]) -> dict[str, str]:
        """The SKU's attributes (colour, size…); few combinations, so each dict is built once and shared."""
        attributes = self.attribute_sets.get(cells)
        if attributes is None:
            attributes = {key: value for key, value in zip(ATTRIBUTE_KEYS, cells, strict=True) if value}
            self.attribute_sets[cells] = attributes
        return attributes

    def stock(self, number: int, code: str, text: str) -> tuple[int | None, int | None]:
        if not code and not text:
            return None, None  # no stock change for this SKU
        warehouse = self.warehouses.get(code.lower()) if code else None
        if not code:
            self.report.add(number, "warehouse", _("Enter the warehouse the stock is in."))
        elif warehouse is None:
            self.report.add(number, "warehouse", _("No active warehouse has the code %(code)s.") % {"code": code})
        if not text:
            self.report.add(number, "on_hand", _("Enter the stock in this warehouse."))
            return warehouse, None
        return warehouse, self.count(number, text)

    def product(self, number: int, spu: str, raw: tuple[str, ...]) -> None:
        line = self.products.get(spu)
        if line is None:
            line = self.products[spu] = ProductLine(row=number)
        elif line.raw == raw:
            return  # the usual case: every row of the product repeats the same cells
        line.raw = raw
        for key, text in zip(_PRODUCT_KEYS, raw, strict=True):
            if not text:
                continue
            value = self.parse(key, text)
            if isinstance(value, list):
                self.report.add(number, key, value[0])
                line.invalid.add(key)
            elif key not in line.rows:
                setattr(line, key, value)
                line.rows[key] = number
            elif getattr(line, key) != value:
                message = _("Product %(code)s has a different value on row %(row)s.")
                self.report.add(number, key, message % {"code": spu, "row": line.rows[key]})

    # --- across rows and against the database ------------------------------------------------

    def finish(self) -> ProductRows:
        add = self.report.add
        for line in self.products.values():
            if not line.name and "name" not in line.invalid:
                add(line.row, "name", self.required)
            if line.status and not line.stores:
                add(line.rows["status"], "stores", _("Enter the stores whose listing status is given."))
        self.check_products()
        self.check_skus()
        return ProductRows(products=self.products, skus=self.skus)

    def check_products(self) -> None:
        """Staff who work in some stores only change products offered there, and list new ones there."""
        if self.scope is None:
            return
        sql = PRODUCTS_SEEN.replace("{stores}", ", ".join(str(int(pk)) for pk in self.scope) or "NULL")
        existing = {spu: bool(visible) for spu, _pk, visible in rows_for_keys(sql, list(self.products))}
        for spu, line in self.products.items():
            visible = existing.get(spu)
            if visible is None and not line.stores and "stores" not in line.invalid:
                self.report.add(line.row, "stores", _("List the new product in at least one of your stores."))
            elif visible is False:
                message = _("Product %(code)s is not offered in any of your stores.")
                self.report.add(line.row, "spu_code", message % {"code": spu})

    def check_skus(self) -> None:
        """SKUs stay with their product, and stock never drops below what paid orders reserved."""
        owners: dict[str, str] = {}
        reserved: dict[tuple[str, int], int] = {}
        for code, spu, warehouse, units in rows_for_keys(SKU_OWNERS, [sku[2] for sku in self.skus]):
            owners[code] = spu
            if warehouse is not None:
                reserved[code, warehouse] = units
        for number, spu, code, *_values, warehouse, on_hand in self.skus:
            owner = owners.get(code)
            if owner is not None and owner != spu:
                message = _("Merchant code %(code)s already belongs to another product.")
                self.report.add(number, "merchant_code", message % {"code": code})
            held_units = reserved.get((code, warehouse)) if warehouse is not None else None
            if held_units is not None and on_hand is not None and on_hand < held_units:
                message = _("The stock cannot be below the %(units)s units reserved for paid orders.")
                self.report.add(number, "on_hand", message % {"units": held_units})
