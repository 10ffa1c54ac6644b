"""Writes to products (SPU) and their SKUs; prices, listings and stock have their own modules."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhanggui.core.actors import Actor
from zhanggui.core.audit import audit_record, changed, snapshot
from zhanggui.core.exceptions import ConflictError, ValidationFailed
from zhanggui.core.inputs import money, text
from zhanggui.core.permissions import require_perm, require_store_ids
from zhanggui.stores.models import Store

from ..models import SKU_ATTRIBUTES, Category, Listing, ListingStatus, Product, Sku
from ..selectors import require_product_access

_PRODUCT_FIELDS = ["spu_code", "name", "category", "brand", "description"]
_SKU_FIELDS = ["merchant_code", "barcode", "attributes", "is_active"]


def _check_spu_code_free(spu_code: str, exclude_pk: int | None = None) -> None:
    taken = Product.objects.filter(spu_code=spu_code)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise ConflictError.for_field("spu_code", _("Another product already has this product code."))


@transaction.atomic
def product_create(
    *,
    by: Actor,
    spu_code: str,
    name: str,
    store_ids: Sequence[int],
    category: Category | None = None,
    brand: str = "",
    description: str = "",
) -> Product:
    """A new product, offered (delisted until someone lists it) in each of ``store_ids``."""
    require_perm(by, "catalog.edit")
    store_ids = list(dict.fromkeys(store_ids))
    if not store_ids:
        raise ValidationFailed.for_field("store_ids", _("Choose at least one store to offer the product in."))
    require_store_ids(by, store_ids)
    stores = list(Store.objects.filter(pk__in=store_ids).order_by("code"))
    if len(stores) != len(store_ids):
        raise ValidationFailed.for_field("store_ids", _("Choose stores from the list."))
    spu_code = text(spu_code, "spu_code", max_length=40)
    _check_spu_code_free(spu_code)
    product = Product.objects.create(
        spu_code=spu_code,
        name=text(name, "name", max_length=120),
        category=category,
        brand=text(brand, "brand", required=False, max_length=60),
        description=text(description, "description", required=False),
    )
    Listing.objects.bulk_create(Listing(product=product, store=s, status=ListingStatus.OFFLINE) for s in stores)
    after = {**snapshot(product, _PRODUCT_FIELDS), "stores": [s.code for s in stores]}
    audit_record(actor=by, action="catalog.product.create", obj=product, after=after)
    return product


@transaction.atomic
def product_update(
    *,
    by: Actor,
    product: Product,
    spu_code: str,
    name: str,
    category: Category | None,
    brand: str,
    description: str,
    reason: str = "",
) -> Product:
    require_perm(by, "catalog.edit")
    require_product_access(user=by, product_id=product.pk)
    spu_code = text(spu_code, "spu_code", max_length=40)
    _check_spu_code_free(spu_code, exclude_pk=product.pk)
    product = Product.objects.select_for_update().get(pk=product.pk)
    before = snapshot(product, _PRODUCT_FIELDS)
    product.spu_code = spu_code
    product.name = text(name, "name", max_length=120)
    product.category = category
    product.brand = text(brand, "brand", required=False, max_length=60)
    product.description = text(description, "description", required=False)
    old, new = changed(before, snapshot(product, _PRODUCT_FIELDS))
    if new:
        product.updated_at = timezone.now()
        product.save()
        audit_record(actor=by, action="catalog.product.update", obj=product, before=old, after=new, reason=reason)
    return product


def _clean_attributes(attributes: dict[str, Any] | None) -> dict[str, str]:
    """Only the known attributes (颜色, 尺码, 材质, 款式), trimmed, empty ones left out."""
    attributes = attributes or {}
    unknown = sorted(set(attributes) - set(SKU_ATTRIBUTES))
    if unknown:
        raise ValidationFailed.for_field(
            "attributes", _("Unknown attributes: %(names)s.") % {"names": ", ".join(unknown)}
        )
    cleaned = {}
    for key in SKU_ATTRIBUTES:
        value = str(attributes.get(key) or "").strip()
        if len(value) > 40:
            raise ValidationFailed.for_field(
                f"attributes.{key}", _("Use at most %(count)d characters.") % {"count": 40}
            )
        if value:
            cleaned[key] = value
    return cleaned


def _check_merchant_code_free(merchant_code: str, exclude_pk: int | None = None) -> None:
    taken = Sku.objects.filter(merchant_code=merchant_code)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise ConflictError.for_field("merchant_code", _("Another SKU already has this merchant code."))


@transaction.atomic
def sku_create(
    *,
    by: Actor,
    product: Product,
    merchant_code: str,
    list_price: Decimal,
    price_floor: Decimal = Decimal("0.00"),
    barcode: str = "",
    attributes: dict[str, Any] | None = None,
) -> Sku:
    require_perm(by, "catalog.edit")
    require_product_access(user=by, product_id=product.pk)
    merchant_code = text(merchant_code, "merchant_code", max_length=40)
    _check_merchant_code_free(merchant_code)
    list_price, price_floor = money(list_price, "list_price"), money(price_floor, "price_floor")
    if list_price < price_floor:
        raise ValidationFailed.for_field(
            "list_price", _("The price cannot be below the price floor %(floor)s.") % {"floor": price_floor}
        )
    sku = Sku.objects.create(
        product=product,
        merchant_code=merchant_code,
        barcode=text(barcode, "barcode", required=False, max_length=32),
        attributes=_clean_attributes(attributes),
        list_price=list_price,
        price_floor=price_floor,
    )
    after = snapshot(sku, ["product", *_SKU_FIELDS, "list_price", "price_floor"])
    audit_record(actor=by, action="catalog.sku.create", obj=sku, after=after)
    return sku


@transaction.atomic
def sku_update(
    *,
    by: Actor,
    sku: Sku,
    merchant_code: str,
    barcode: str,
    attributes: dict[str, Any] | None,
    is_active: bool,
    reason: str = "",
) -> Sku:
    """Change a SKU's codes, attributes or whether it is sold; prices change through the price services."""
    require_perm(by, "catalog.edit")
    require_product_access(user=by, product_id=sku.product_id)
    merchant_code = text(merchant_code, "merchant_code", max_length=40)
    _check_merchant_code_free(merchant_code, exclude_pk=sku.pk)
    cleaned = _clean_attributes(attributes)
    sku = Sku.objects.select_for_update().get(pk=sku.pk)
    before = snapshot(sku, _SKU_FIELDS)
    sku.merchant_code = merchant_code
    sku.barcode = text(barcode, "barcode", required=False, max_length=32)
    sku.attributes = cleaned
    sku.is_active = bool(is_active)
    old, new = changed(before, snapshot(sku, _SKU_FIELDS))
    if new:
        sku.updated_at = timezone.now()
        sku.save()
        audit_record(actor=by, action="catalog.sku.update", obj=sku, before=old, after=new, reason=reason)
    return sku
