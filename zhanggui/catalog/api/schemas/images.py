"""Schemas of product pictures (no ``from __future__``: ninja reads the annotations)."""

from typing import Any

from ninja import Field, Schema

from zhanggui.core.api import Id

from ...models import ProductImage
from ...selectors import picture_urls


class PictureOut(Schema):
    """A picture's URLs: the picture itself (re-encoded, without EXIF) and its square WebP thumbnails."""

    url: str = Field(description="The picture (JPEG, PNG or WebP as uploaded, re-encoded).")
    thumbnail_url: str = Field(description="96 × 96 px WebP, for lists.")
    preview_url: str = Field(description="320 × 320 px WebP, for a product's page.")


class ProductImageOut(Schema):
    """One of a product's pictures; position 0 is the main picture."""

    id: int
    product_id: int
    position: int = Field(description="0 for the main picture, then 1, 2, … in display order.")
    is_main: bool
    width: int = Field(description="Pixels, upright.")
    height: int
    picture: PictureOut
    sku_ids: list[int] = Field(description="SKUs that show this picture instead of the main one.")

    @staticmethod
    def resolve_is_main(obj: ProductImage) -> bool:
        return obj.position == 0

    @staticmethod
    def resolve_picture(obj: ProductImage) -> dict[str, str] | None:
        return picture_urls(obj.file.name)

    @staticmethod
    def resolve_sku_ids(obj: ProductImage) -> list[int]:
        return sorted(sku.pk for sku in obj.skus.all())


class PositionIn(Schema):
    position: int = Field(ge=0, le=1000, description="0 makes it the main picture; beyond the last puts it last.")


class SkuIdsIn(Schema):
    sku_ids: list[Id] = Field(max_length=500, description="SKUs of the same product; an empty list frees them all.")


def picture_of(name: Any) -> dict[str, str] | None:
    """The URLs of a stored picture name read by a list (an annotation), or None."""
    return picture_urls(name if isinstance(name, str) else None)
