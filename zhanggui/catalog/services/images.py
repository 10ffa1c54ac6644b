"""Writes to product pictures: add (checked by content), remove, move in order, assign to SKUs.

A picture is stored through Django's storage under a generated name (a uuid, never the uploaded
name), re-encoded without EXIF, with its thumbnails beside it (``core.uploads.check_image``).
The first picture in order is the product's main one. Writers lock the product row, so positions
stay 0…n-1 under concurrent changes. Files are written only once the permission, the scope and
the content have passed, and removed again if the row cannot be written; a removed picture's
files go once the removal commits.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import IO

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _

from zhanggui.core.actors import Actor
from zhanggui.core.audit import audit_record
from zhanggui.core.exceptions import NotFoundError, ValidationFailed
from zhanggui.core.permissions import require_perm
from zhanggui.core.uploads import CheckedImage, check_image

from ..models import THUMBNAIL_EDGES, Product, ProductImage, Sku, image_variant_name
from ..selectors import require_product_access

MAX_IMAGES_PER_PRODUCT = 20


def _stored_names(name: str) -> list[str]:
    return [name, *(image_variant_name(name, edge) for edge in THUMBNAIL_EDGES)]


def picture_files_write(checked: CheckedImage, key: uuid.UUID | None = None) -> str:
    """Store a checked picture and its thumbnails under ``key`` (a new random uuid unless given); returns its name."""
    key_hex = (key or uuid.uuid4()).hex
    name = f"{settings.ZHANGGUI_PUBLIC_MEDIA_DIR}/catalog/{key_hex[:2]}/{key_hex}.{checked.extension}"
    contents = [checked.data, *(checked.thumbnails[edge] for edge in THUMBNAIL_EDGES)]
    written: list[str] = []
    try:
        for stored_name, data in zip(_stored_names(name), contents, strict=True):
            written.append(default_storage.save(stored_name, ContentFile(data)))
    except BaseException:
        for stored_name in written:
            default_storage.delete(stored_name)
        raise
    return name


def _delete_unused_files(name: str) -> None:
    """Delete a picture's files unless another row still shows them (the demo shares one per colour)."""
    if not ProductImage.objects.filter(file=name).exists():
        for stored_name in _stored_names(name):
            default_storage.delete(stored_name)


def _locked_images(product_id: int) -> list[ProductImage]:
    Product.objects.select_for_update().filter(pk=product_id).first()
    return list(ProductImage.objects.filter(product_id=product_id).order_by("position", "pk"))


def _renumber(images: list[ProductImage]) -> None:
    moved = []
    for position, image in enumerate(images):
        if image.position != position:
            image.position = position
            moved.append(image)
    ProductImage.objects.bulk_update(moved, ["position"])


@transaction.atomic
def product_image_add(*, by: Actor, product: Product, upload: IO[bytes]) -> ProductImage:
    """Add a picture after the product's others (the first one becomes the main picture).

    The upload is judged by its content only (``image``: JPEG, PNG or WebP, size and pixel limits).
    """
    require_perm(by, "catalog.edit")
    require_product_access(user=by, product_id=product.pk)
    images = _locked_images(product.pk)
    if len(images) >= MAX_IMAGES_PER_PRODUCT:
        message = _("A product has at most %(count)d pictures; remove one first.")
        raise ValidationFailed.for_field("image", message % {"count": MAX_IMAGES_PER_PRODUCT})
    checked = check_image(upload, field="image", thumbnail_edges=THUMBNAIL_EDGES)
    name = picture_files_write(checked)
    try:
        image = ProductImage.objects.create(
            product=product, position=len(images), file=name, width=checked.width, height=checked.height
        )
        audit_record(
            actor=by,
            action="catalog.product.image_add",
            obj=product,
            after={"image": image.pk, "position": image.position, "width": image.width, "height": image.height},
        )
    except BaseException:
        for stored_name in _stored_names(name):
            default_storage.delete(stored_name)
        raise
    return image


@transaction.atomic
def product_image_remove(*, by: Actor, image: ProductImage, reason: str = "") -> None:
    """Remove a picture; the next one in order becomes main, and its SKUs show the main picture again."""
    require_perm(by, "catalog.edit")
    require_product_access(user=by, product_id=image.product_id)
    images = _locked_images(image.product_id)
    if image.pk not in {i.pk for i in images}:
        raise NotFoundError()
    sku_codes = sorted(Sku.objects.filter(image=image).values_list("merchant_code", flat=True))
    before = {"image": image.pk, "position": image.position, "skus": sku_codes}
    name = str(image.file.name)
    image.delete()
    _renumber([i for i in images if i.pk != before["image"]])
    audit_record(actor=by, action="catalog.product.image_remove", obj=image.product, before=before, reason=reason)
    transaction.on_commit(lambda: _delete_unused_files(name))


@transaction.atomic
def product_image_move(*, by: Actor, image: ProductImage, position: int) -> list[ProductImage]:
    """Put a picture at ``position`` among its product's (0 makes it the main picture); returns them in order."""
    require_perm(by, "catalog.edit")
    require_product_access(user=by, product_id=image.product_id)
    if position < 0:
        raise ValidationFailed.for_field("position", _("Enter 0 or more."))
    images = _locked_images(image.product_id)
    current = next((i for i in images if i.pk == image.pk), None)
    if current is None:
        raise NotFoundError()
    old_position = images.index(current)
    new_position = min(position, len(images) - 1)
    if new_position != old_position:
        images.remove(current)
        images.insert(new_position, current)
        _renumber(images)
        audit_record(
            actor=by,
            action="catalog.product.image_move",
            obj=image.product,
            before={"image": image.pk, "position": old_position},
            after={"image": image.pk, "position": new_position},
        )
    return images


@transaction.atomic
def product_image_assign(*, by: Actor, image: ProductImage, skus: Sequence[Sku]) -> ProductImage:
    """Show ``image`` for exactly these SKUs of its product (e.g. every SKU of one colour).

    SKUs that showed it and are not named go back to the product's main picture.
    """
    require_perm(by, "catalog.edit")
    require_product_access(user=by, product_id=image.product_id)
    if any(sku.product_id != image.product_id for sku in skus):
        raise ValidationFailed.for_field("sku_ids", _("Choose SKUs of the picture's own product."))
    _locked_images(image.product_id)
    chosen = {sku.pk for sku in skus}
    product_skus = Sku.objects.filter(product_id=image.product_id)
    before = sorted(product_skus.filter(image=image).values_list("merchant_code", flat=True))
    after = sorted(sku.merchant_code for sku in skus)
    if before != after:
        product_skus.filter(image=image).exclude(pk__in=chosen).update(image=None)
        product_skus.filter(pk__in=chosen).update(image=image)
        audit_record(
            actor=by,
            action="catalog.product.image_assign",
            obj=image.product,
            before={"image": image.pk, "skus": before},
            after={"image": image.pk, "skus": after},
        )
    return image
