"""Product pictures: checked by content, stored under generated names with thumbnails, ordered, assigned to SKUs."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from zhanggui.catalog.models import ProductImage, Sku
from zhanggui.catalog.selectors import product_get, sku_pictures
from zhanggui.catalog.services import (
    product_image_add,
    product_image_assign,
    product_image_move,
    product_image_remove,
)
from zhanggui.core.exceptions import NotFoundError, PermissionDeniedError, ValidationFailed
from zhanggui.core.models import AuditEvent

from .image_files import GPS_IFD, phone_photo, picture, picture_bytes, pixel_bomb, text_as_jpeg

NAME = re.compile(r"^public/catalog/([0-9a-f]{2})/\1[0-9a-f]{30}\.(jpg|png|webp)$")


@pytest.fixture
def media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def files_in(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def stored(media: Path, name: str) -> Image.Image:
    return Image.open(media / name)


def test_a_png_is_stored_under_a_generated_name_with_square_webp_thumbnails(media, catalog, make_staff):
    # given an operator and a 640 × 480 PNG uploaded as "my summer dress.png"
    operator = make_staff("operator")
    upload = picture("my summer dress.png", "PNG", (640, 480))
    # when the operator adds it to the product
    image = product_image_add(by=operator, product=catalog.product, upload=upload)
    # then it is stored under a uuid, never the uploaded name, with a 96 and a 320 px square thumbnail
    name = image.file.name
    assert NAME.match(name), name
    stem = name[: -len(".png")]
    assert files_in(media) == [f"{stem}-320.webp", f"{stem}-96.webp", name]
    assert (image.position, image.width, image.height) == (0, 640, 480)
    assert stored(media, name).format == "PNG"
    assert stored(media, name).size == (640, 480)
    assert [
        (stored(media, f"{stem}-{edge}.webp").format, stored(media, f"{stem}-{edge}.webp").size) for edge in (96, 320)
    ] == [
        ("WEBP", (96, 96)),
        ("WEBP", (320, 320)),
    ]
    event = AuditEvent.objects.get()
    assert (event.action, event.object_type, event.object_id) == (
        "catalog.product.image_add",
        "catalog.product",
        str(catalog.product.pk),
    )
    assert event.after == {"image": image.pk, "position": 0, "width": 640, "height": 480}


@pytest.mark.parametrize(
    ("image_format", "extension"), [("JPEG", "jpg"), ("PNG", "png"), ("WEBP", "webp")], ids=["jpeg", "png", "webp"]
)
def test_each_accepted_format_keeps_its_format_whatever_the_name(media, catalog, make_staff, image_format, extension):
    # given a 300 × 600 picture named as something else
    upload = SimpleUploadedFile("picture.gif", picture_bytes(image_format, (300, 600)), content_type="text/plain")
    # when it is added
    image = product_image_add(by=make_staff("operator"), product=catalog.product, upload=upload)
    # then it is stored in its own format, with thumbnails of exactly 96 and 320 px
    assert image.file.name.endswith(f".{extension}")
    assert (stored(media, image.file.name).format, stored(media, image.file.name).size) == (image_format, (300, 600))
    stem = image.file.name.rsplit(".", 1)[0]
    assert [stored(media, f"{stem}-{edge}.webp").size for edge in (96, 320)] == [(96, 96), (320, 320)]


def test_a_phone_photo_loses_its_exif_and_gps_and_is_turned_upright(media, catalog, make_staff):
    # given a JPEG with a camera make, a GPS position and orientation 6 (a quarter turn)
    operator = make_staff("operator")
    assert Image.open(phone_photo()).getexif().get_ifd(GPS_IFD) != {}
    # when it is added
    image = product_image_add(by=operator, product=catalog.product, upload=phone_photo())
    # then the stored JPEG has no EXIF at all, and its pixels are turned: 300 × 400
    saved = stored(media, image.file.name)
    assert (saved.format, saved.size, image.width, image.height) == ("JPEG", (300, 400), 300, 400)
    assert dict(saved.getexif()) == {}
    assert "exif" not in saved.info
    assert image.file.name.endswith(".jpg")


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (text_as_jpeg(), "The file is not a JPEG, PNG or WebP picture."),
        (SimpleUploadedFile("anim.png", picture_bytes("GIF")), "The file is not a JPEG, PNG or WebP picture."),
        (SimpleUploadedFile("cut.jpg", picture_bytes("JPEG")[:300]), "The picture is damaged and cannot be read."),
        (pixel_bomb(), "The picture has more than 40 million pixels."),
        (SimpleUploadedFile("empty.jpg", b""), "The file is empty."),
    ],
    ids=["text-named-jpg", "gif", "truncated", "pixel-bomb", "empty"],
)
def test_a_file_that_is_not_an_acceptable_picture_is_refused_on_the_image_field(
    media, catalog, make_staff, upload, message
):
    # given an operator
    operator = make_staff("operator")
    # when the file is uploaded, whatever its name says
    with pytest.raises(ValidationFailed) as failure:
        product_image_add(by=operator, product=catalog.product, upload=upload)
    # then it is refused on "image" with the reason, and nothing is stored or recorded
    assert [(e.field, e.message) for e in failure.value.errors] == [("image", message)]
    assert (files_in(media), ProductImage.objects.count(), AuditEvent.objects.count()) == ([], 0, 0)


def test_an_oversize_picture_is_refused(media, catalog, make_staff, settings):
    # given a size limit of 1 MB and a real PNG a little over it
    settings.ZHANGGUI_IMAGE_MAX_BYTES = 1024 * 1024
    operator = make_staff("operator")
    noise = Image.frombytes(
        "RGB", (700, 700), bytes(range(256)) * (700 * 700 * 3 // 256) + b"\0" * (700 * 700 * 3 % 256)
    )
    out = io.BytesIO()
    noise.save(out, "PNG", compress_level=0)
    assert out.tell() > 1024 * 1024
    # when it is uploaded
    with pytest.raises(ValidationFailed) as failure:
        product_image_add(by=operator, product=catalog.product, upload=SimpleUploadedFile("big.png", out.getvalue()))
    # then it is refused before it is decoded
    assert [(e.field, e.message) for e in failure.value.errors] == [("image", "The picture is larger than 1 MB.")]
    assert (files_in(media), ProductImage.objects.count()) == ([], 0)


@pytest.mark.parametrize("role", ["cs_agent", "order_clerk", "analyst"])
def test_a_role_without_catalog_edit_leaves_no_file_row_or_audit(media, catalog, make_staff, role):
    # given a role without catalog.edit
    staff = make_staff(role)
    # when it uploads a valid picture
    with pytest.raises(PermissionDeniedError):
        product_image_add(by=staff, product=catalog.product, upload=picture())
    # then nothing is on disk, in the table or in the audit log
    assert (files_in(media), ProductImage.objects.count(), AuditEvent.objects.count()) == ([], 0, 0)


def test_another_stores_product_is_missing_and_nothing_is_stored(media, catalog, make_staff):
    # given an operator of ``store`` and a product offered only in ``other_store``
    operator = make_staff("operator")
    # when the operator adds a picture to it
    with pytest.raises(NotFoundError):
        product_image_add(by=operator, product=catalog.theirs, upload=picture())
    # then it is reported missing and nothing is stored
    assert (files_in(media), ProductImage.objects.count(), AuditEvent.objects.count()) == ([], 0, 0)


def test_pictures_are_ordered_and_the_first_is_main(media, catalog, make_staff):
    # given three pictures added in turn
    operator = make_staff("operator")
    first, second, third = (product_image_add(by=operator, product=catalog.product, upload=picture()) for _ in range(3))
    assert [first.position, second.position, third.position] == [0, 1, 2]
    # when the third becomes main (position 0)
    ordered = product_image_move(by=operator, image=third, position=0)
    # then the order is third, first, second and the product's main picture is the third
    assert [i.pk for i in ordered] == [third.pk, first.pk, second.pk]
    assert list(ProductImage.objects.order_by("position").values_list("pk", flat=True)) == [
        third.pk,
        first.pk,
        second.pk,
    ]
    assert product_get(user=operator, product_id=catalog.product.pk).main_image == third.file.name
    event = AuditEvent.objects.latest("id")
    assert (event.action, event.before, event.after) == (
        "catalog.product.image_move",
        {"image": third.pk, "position": 2},
        {"image": third.pk, "position": 0},
    )
    # and moving it where it is writes nothing
    count = AuditEvent.objects.count()
    product_image_move(by=operator, image=third, position=0)
    assert AuditEvent.objects.count() == count


def test_a_sku_shows_its_own_picture_else_the_products_main_one(media, catalog, make_staff):
    # given a main picture and a second one for the black SKU
    operator = make_staff("operator")
    main = product_image_add(by=operator, product=catalog.product, upload=picture())
    black_picture = product_image_add(by=operator, product=catalog.product, upload=picture())
    # when the second picture is assigned to the black SKU
    product_image_assign(by=operator, image=black_picture, skus=[catalog.black])
    # then the black SKU shows it, the white one the main picture, their product's other SKU nothing else
    assert sku_pictures([catalog.white.pk, catalog.black.pk, catalog.their_sku.pk]) == {
        catalog.white.pk: main.file.name,
        catalog.black.pk: black_picture.file.name,
    }
    event = AuditEvent.objects.latest("id")
    assert (event.action, event.before, event.after) == (
        "catalog.product.image_assign",
        {"image": black_picture.pk, "skus": []},
        {"image": black_picture.pk, "skus": ["TEE-BLK-L"]},
    )


def test_a_picture_cannot_be_assigned_to_another_products_sku(media, catalog, make_staff):
    manager = make_staff("manager")
    image = product_image_add(by=manager, product=catalog.product, upload=picture())
    count = AuditEvent.objects.count()
    with pytest.raises(ValidationFailed) as failure:
        product_image_assign(by=manager, image=image, skus=[catalog.their_sku])
    assert [e.field for e in failure.value.errors] == ["sku_ids"]
    assert Sku.objects.filter(image__isnull=False).count() == 0
    assert AuditEvent.objects.count() == count


def test_removing_a_picture_deletes_its_files_renumbers_and_frees_its_skus(
    media, catalog, make_staff, django_capture_on_commit_callbacks
):
    # given two pictures, the first shown for the white SKU
    operator = make_staff("operator")
    first = product_image_add(by=operator, product=catalog.product, upload=picture())
    second = product_image_add(by=operator, product=catalog.product, upload=picture("b.jpg", "JPEG"))
    product_image_assign(by=operator, image=first, skus=[catalog.white])
    first_id = first.pk
    # when the first is removed
    with django_capture_on_commit_callbacks(execute=True):
        product_image_remove(by=operator, image=first, reason="模糊")
    # then its three files are gone, the second is main and the white SKU shows it
    stem = second.file.name[: -len(".jpg")]
    assert files_in(media) == [f"{stem}-320.webp", f"{stem}-96.webp", second.file.name]
    assert list(ProductImage.objects.values_list("pk", "position")) == [(second.pk, 0)]
    assert sku_pictures([catalog.white.pk]) == {catalog.white.pk: second.file.name}
    event = AuditEvent.objects.latest("id")
    assert (event.action, event.before, event.after, event.reason) == (
        "catalog.product.image_remove",
        {"image": first_id, "position": 0, "skus": ["TEE-WHT-M"]},
        None,
        "模糊",
    )


def test_a_denied_removal_changes_nothing(media, catalog, make_staff, django_capture_on_commit_callbacks):
    image = product_image_add(by=make_staff("operator"), product=catalog.product, upload=picture())
    before = files_in(media), AuditEvent.objects.count()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(PermissionDeniedError):
        product_image_remove(by=make_staff("cs_agent"), image=image)
    assert (files_in(media), AuditEvent.objects.count()) == before
    assert ProductImage.objects.filter(pk=image.pk).exists()
