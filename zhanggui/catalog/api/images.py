"""Catalog API: a product's pictures. Upload (multipart, field ``image``), list, move, remove, assign to SKUs.

An upload is judged by its content, not its name or content type: a JPEG, PNG or WebP within the
size and pixel limits, else 422 on ``image``. It is stored under a generated name, without EXIF,
with 96 and 320 px WebP thumbnails. The first picture (position 0) is the product's main one.
"""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Status
from ninja.files import UploadedFile

from zhanggui.core.api import ApiRouter, api_permission
from zhanggui.core.exceptions import ValidationFailed

from .. import selectors, services
from .schemas.images import PositionIn, ProductImageOut, SkuIdsIn

router = ApiRouter(tags=["catalog"])


def _pictures(user: Any, product_id: int) -> list[Any]:
    return list(selectors.product_image_list(user=user, product_id=product_id))


@router.get("/products/{int:product_id}/images", response=list[ProductImageOut], summary="List a product's pictures")
@api_permission("catalog.view")
def product_image_list(request: HttpRequest, product_id: int) -> Any:
    """In display order, the main picture first."""
    selectors.product_get(user=request.auth, product_id=product_id)
    return _pictures(request.auth, product_id)


@router.post(
    "/products/{int:product_id}/images", response={201: ProductImageOut}, summary="Upload a picture of a product"
)
@api_permission("catalog.edit")
def product_image_add(request: HttpRequest, product_id: int, image: File[UploadedFile]) -> Any:
    """Added after the product's other pictures (the first one becomes the main picture)."""
    product = selectors.product_get(user=request.auth, product_id=product_id)
    added = services.product_image_add(by=request.auth, product=product, upload=image)
    return Status(201, selectors.product_image_list(user=request.auth, product_id=product.pk).get(pk=added.pk))


@router.post(
    "/product-images/{int:image_id}/position",
    response=list[ProductImageOut],
    summary="Move a picture among its product's (0 = main)",
)
@api_permission("catalog.edit")
def product_image_move(request: HttpRequest, image_id: int, data: PositionIn) -> Any:
    """Answers the product's pictures in their new order."""
    image = selectors.product_image_get(user=request.auth, image_id=image_id)
    services.product_image_move(by=request.auth, image=image, position=data.position)
    return _pictures(request.auth, image.product_id)


@router.post(
    "/product-images/{int:image_id}/main", response=list[ProductImageOut], summary="Make a picture the main one"
)
@api_permission("catalog.edit")
def product_image_set_main(request: HttpRequest, image_id: int) -> Any:
    """The same as moving it to position 0; answers the product's pictures in their new order."""
    image = selectors.product_image_get(user=request.auth, image_id=image_id)
    services.product_image_move(by=request.auth, image=image, position=0)
    return _pictures(request.auth, image.product_id)


@router.put("/product-images/{int:image_id}/skus", response=ProductImageOut, summary="Choose the SKUs a picture is for")
@api_permission("catalog.edit")
def product_image_assign(request: HttpRequest, image_id: int, data: SkuIdsIn) -> Any:
    """Exactly these SKUs (of the picture's product) show it; others that did go back to the main picture."""
    image = selectors.product_image_get(user=request.auth, image_id=image_id)
    skus = list(selectors.sku_list(user=request.auth).filter(pk__in=data.sku_ids))
    if len(skus) != len(set(data.sku_ids)):
        raise ValidationFailed.for_field("sku_ids", _("No such SKU."))
    services.product_image_assign(by=request.auth, image=image, skus=skus)
    return selectors.product_image_list(user=request.auth, product_id=image.product_id).get(pk=image.pk)


@router.delete("/product-images/{int:image_id}", response={204: None}, summary="Remove a picture")
@api_permission("catalog.edit")
def product_image_remove(request: HttpRequest, image_id: int) -> Any:
    """Its files are deleted; the next picture becomes main and its SKUs show the main picture."""
    image = selectors.product_image_get(user=request.auth, image_id=image_id)
    services.product_image_remove(by=request.auth, image=image)
    return Status(204, None)
