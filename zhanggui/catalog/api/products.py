"""Catalog API: products, SKUs and prices, listings.

Endpoints parse, look objects up through the scoped selectors (another store's product is a
404) and call the same services as the console.
"""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Status
from ninja.pagination import paginate

from zhanggui.core.actors import Actor
from zhanggui.core.api import ApiRouter, PageNumber, api_permission
from zhanggui.core.exceptions import NotFoundError, ValidationFailed
from zhanggui.stores.models import Store
from zhanggui.stores.selectors import store_list

from .. import selectors, services
from .categories import referenced_category
from .schemas.products import (
    ListingBatchIn,
    ListingOut,
    ListingSetIn,
    ListingStatusIn,
    PriceBatchIn,
    PriceFloorIn,
    PriceIn,
    ProductDetailOut,
    ProductFilters,
    ProductIn,
    ProductOut,
    ProductPatch,
    SkuFilters,
    SkuIn,
    SkuOut,
    SkuPatch,
)

router = ApiRouter(tags=["catalog"])


def referenced_store(user: Actor, store_id: int) -> Store:
    store = store_list(user=user, filters={"is_active": True}).filter(pk=store_id).first()
    if store is None:
        raise ValidationFailed.for_field("store_id", _("No such store."))
    return store


# --- products ----------------------------------------------------------------------------------
@router.get("/products", response=list[ProductOut], summary="List products")
@api_permission("catalog.view")
@paginate(PageNumber)
def product_list(request: HttpRequest, filters: Query[ProductFilters]) -> Any:
    """Products in the caller's stores, newest change first."""
    return selectors.product_list(user=request.auth, filters=filters.model_dump(exclude_none=True))


@router.get("/products/{int:product_id}", response=ProductDetailOut, summary="Get a product with its SKUs and listings")
@api_permission("catalog.view")
def product_get(request: HttpRequest, product_id: int) -> Any:
    return selectors.product_get(user=request.auth, product_id=product_id)


@router.post("/products", response={201: ProductDetailOut}, summary="Create a product")
@api_permission("catalog.edit")
def product_create(request: HttpRequest, data: ProductIn) -> Any:
    """The product is offered, delisted, in each store of ``store_ids``; list it once its SKUs are ready."""
    product = services.product_create(
        by=request.auth,
        spu_code=data.spu_code,
        name=data.name,
        category=referenced_category(data.category_id),
        brand=data.brand,
        description=data.description,
        store_ids=data.store_ids,
    )
    return Status(201, selectors.product_get(user=request.auth, product_id=product.pk))


@router.patch("/products/{int:product_id}", response=ProductDetailOut, summary="Update a product")
@api_permission("catalog.edit")
def product_update(request: HttpRequest, product_id: int, data: ProductPatch) -> Any:
    product = selectors.product_get(user=request.auth, product_id=product_id)
    changes = data.model_dump(exclude_unset=True)
    category = referenced_category(changes["category_id"]) if "category_id" in changes else product.category
    services.product_update(
        by=request.auth,
        product=product,
        spu_code=changes.get("spu_code") or product.spu_code,
        name=changes.get("name") or product.name,
        category=category,
        brand=product.brand if changes.get("brand") is None else changes["brand"],
        description=product.description if changes.get("description") is None else changes["description"],
        reason=data.reason,
    )
    return selectors.product_get(user=request.auth, product_id=product.pk)


# --- SKUs and prices ---------------------------------------------------------------------------
@router.get("/skus", response=list[SkuOut], summary="List SKUs")
@api_permission("catalog.view")
@paginate(PageNumber)
def sku_list(request: HttpRequest, filters: Query[SkuFilters]) -> Any:
    """SKUs in the caller's stores, grouped by product."""
    return selectors.sku_list(user=request.auth, filters=filters.model_dump(exclude_none=True)).order_by(
        "product_id", "merchant_code"
    )


@router.get("/skus/{int:sku_id}", response=SkuOut, summary="Get a SKU")
@api_permission("catalog.view")
def sku_get(request: HttpRequest, sku_id: int) -> Any:
    return selectors.sku_get(user=request.auth, sku_id=sku_id)


@router.post("/skus", response={201: SkuOut}, summary="Create a SKU")
@api_permission("catalog.edit")
def sku_create(request: HttpRequest, data: SkuIn) -> Any:
    try:
        product = selectors.product_get(user=request.auth, product_id=data.product_id)
    except NotFoundError as exc:
        raise ValidationFailed.for_field("product_id", _("No such product.")) from exc
    sku = services.sku_create(
        by=request.auth,
        product=product,
        merchant_code=data.merchant_code,
        barcode=data.barcode,
        attributes=data.attributes.model_dump(exclude_none=True),
        list_price=data.list_price,
        price_floor=data.price_floor,
    )
    return Status(201, selectors.sku_get(user=request.auth, sku_id=sku.pk))


@router.patch("/skus/{int:sku_id}", response=SkuOut, summary="Update a SKU's codes, attributes or sale status")
@api_permission("catalog.edit")
def sku_update(request: HttpRequest, sku_id: int, data: SkuPatch) -> Any:
    sku = selectors.sku_get(user=request.auth, sku_id=sku_id)
    services.sku_update(
        by=request.auth,
        sku=sku,
        merchant_code=data.merchant_code or sku.merchant_code,
        barcode=sku.barcode if data.barcode is None else data.barcode,
        attributes=sku.attributes if data.attributes is None else data.attributes.model_dump(exclude_none=True),
        is_active=sku.is_active if data.is_active is None else data.is_active,
        reason=data.reason,
    )
    return selectors.sku_get(user=request.auth, sku_id=sku.pk)


@router.post("/skus/{int:sku_id}/price", response=SkuOut, summary="Change a SKU's price")
@api_permission("catalog.price")
def sku_price_change(request: HttpRequest, sku_id: int, data: PriceIn) -> Any:
    """Refused (422, field ``list_price``) below the SKU's price floor."""
    sku = selectors.sku_get(user=request.auth, sku_id=sku_id)
    services.sku_price_change(by=request.auth, sku=sku, list_price=data.list_price, reason=data.reason)
    return selectors.sku_get(user=request.auth, sku_id=sku.pk)


@router.post("/skus/{int:sku_id}/price-floor", response=SkuOut, summary="Change a SKU's price floor")
@api_permission("catalog.price")
def sku_price_floor_change(request: HttpRequest, sku_id: int, data: PriceFloorIn) -> Any:
    sku = selectors.sku_get(user=request.auth, sku_id=sku_id)
    services.sku_price_floor_change(by=request.auth, sku=sku, price_floor=data.price_floor, reason=data.reason)
    return selectors.sku_get(user=request.auth, sku_id=sku.pk)


@router.post("/skus/price-batch", response=list[SkuOut], summary="Change many SKUs' prices at once")
@api_permission("catalog.price")
def sku_price_batch_change(request: HttpRequest, data: PriceBatchIn) -> Any:
    """All or nothing: a SKU that would fall below its floor fails the batch with an error ``skus.<merchant code>``."""
    skus = list(selectors.sku_list(user=request.auth).filter(pk__in=data.sku_ids))
    if len(skus) != len(set(data.sku_ids)):
        raise NotFoundError()
    services.sku_price_batch_change(by=request.auth, skus=skus, mode=data.mode, value=data.value, reason=data.reason)
    return list(selectors.sku_list(user=request.auth).filter(pk__in=data.sku_ids).order_by("pk"))


# --- listings ----------------------------------------------------------------------------------
@router.post("/listings/status", response=ListingOut, summary="List or delist a product in a store")
@api_permission("catalog.listing")
def listing_set(request: HttpRequest, data: ListingSetIn) -> Any:
    try:
        product = selectors.product_get(user=request.auth, product_id=data.product_id)
    except NotFoundError as exc:
        raise ValidationFailed.for_field("product_id", _("No such product.")) from exc
    store = referenced_store(request.auth, data.store_id)
    return services.listing_status_change(by=request.auth, product=product, store=store, status=data.status)


@router.post("/listings/{int:listing_id}/status", response=ListingOut, summary="List or delist one listing")
@api_permission("catalog.listing")
def listing_status_change(request: HttpRequest, listing_id: int, data: ListingStatusIn) -> Any:
    listing = selectors.listing_get(user=request.auth, listing_id=listing_id)
    return services.listing_status_change(by=request.auth, listing=listing, status=data.status)


@router.post("/listings/status-batch", response=list[ListingOut], summary="List or delist many listings")
@api_permission("catalog.listing")
def listing_batch_status_change(request: HttpRequest, data: ListingBatchIn) -> Any:
    listings = list(selectors.visible_listings(request.auth).filter(pk__in=data.listing_ids))
    if len(listings) != len(set(data.listing_ids)):
        raise NotFoundError()
    return services.listing_batch_status_change(by=request.auth, listings=listings, status=data.status)
