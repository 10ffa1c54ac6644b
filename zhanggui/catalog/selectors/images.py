"""Reads of product pictures: a product's pictures, and the one picture that stands for a product or SKU.

Lists read the picture as an annotation (a stored name, or None), so showing pictures costs no
query per row; the names become URLs through ``picture_urls``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.files.storage import default_storage
from django.db.models import CharField, F, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from zhanggui.core.actors import Actor
from zhanggui.core.exceptions import NotFoundError

from ..models import THUMBNAIL_LARGE, THUMBNAIL_SMALL, ProductImage, Sku, image_variant_name
from .listings import _in_scope


def main_picture(product_ref: Any) -> Subquery:
    """The stored name of the main picture (first in order) of the product ``product_ref`` points to."""
    first = ProductImage.objects.filter(product=product_ref).order_by("position", "pk").values("file")[:1]
    return Subquery(first, output_field=CharField())


def sku_picture(path: str = "") -> Coalesce:
    """The SKU's own picture, else its product's main one; ``path`` leads from the query's model to the SKU."""
    return Coalesce(F(f"{path}image__file"), main_picture(OuterRef(f"{path}product_id")), output_field=CharField())


def picture_urls(name: str | None) -> dict[str, str] | None:
    """The URLs of a stored picture and its thumbnails, or None without a picture."""
    if not name:
        return None
    return {
        "url": default_storage.url(name),
        "thumbnail_url": default_storage.url(image_variant_name(name, THUMBNAIL_SMALL)),
        "preview_url": default_storage.url(image_variant_name(name, THUMBNAIL_LARGE)),
    }


def product_image_list(*, user: Actor, product_id: int) -> QuerySet[ProductImage]:
    """A product's pictures in order, the main one first, with the ids of the SKUs they stand for."""
    return (
        _in_scope(ProductImage.objects.all(), user, "product_id")
        .filter(product_id=product_id)
        .order_by("position", "pk")
        .prefetch_related("skus")
    )


def product_image_get(*, user: Actor, image_id: int) -> ProductImage:
    image = _in_scope(ProductImage.objects.select_related("product"), user, "product_id").filter(pk=image_id).first()
    if image is None:
        raise NotFoundError()
    return image


def sku_pictures(sku_ids: Iterable[int | None]) -> dict[int, str]:
    """The stored picture name that stands for each of these SKUs (one query); SKUs without any are left out."""
    ids = {pk for pk in sku_ids if pk}
    if not ids:
        return {}
    rows = Sku.objects.filter(pk__in=ids).annotate(picture=sku_picture()).values_list("pk", "picture")
    return {pk: picture for pk, picture in rows if picture}
