"""Pictures made for the tests: real JPEG/PNG/WebP files, a phone photo with GPS, impostors and bombs."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

GPS_IFD = 0x8825
ORIENTATION = 0x0112
MAKE = 0x010F


def picture_bytes(
    image_format: str = "PNG", size: tuple[int, int] = (640, 480), colour: tuple[int, int, int] = (200, 40, 40)
) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, image_format)
    return out.getvalue()


def picture(
    name: str = "photo.png", image_format: str = "PNG", size: tuple[int, int] = (640, 480)
) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, picture_bytes(image_format, size), content_type="image/png")


def phone_photo() -> SimpleUploadedFile:
    """A 400 × 300 JPEG as a phone saves it: its camera, where it was taken, turned a quarter (orientation 6)."""
    exif = Image.Exif()
    exif[MAKE] = "Phone"
    exif[ORIENTATION] = 6
    exif[GPS_IFD] = {1: "N", 2: (30.0, 15.0, 7.5), 3: "E", 4: (120.0, 9.0, 36.0)}
    out = io.BytesIO()
    Image.new("RGB", (400, 300), (30, 90, 200)).save(out, "JPEG", exif=exif.tobytes())
    return SimpleUploadedFile("IMG_0001.jpg", out.getvalue(), content_type="image/jpeg")


def text_as_jpeg() -> SimpleUploadedFile:
    return SimpleUploadedFile("photo.jpg", b"just some text, not a picture\n" * 20, content_type="image/jpeg")


def pixel_bomb() -> SimpleUploadedFile:
    """A small PNG file whose header claims 10,000 × 10,000 pixels (a few KB, 100 megapixels decoded)."""
    out = io.BytesIO()
    Image.new("1", (10_000, 10_000)).save(out, "PNG")
    return SimpleUploadedFile("bomb.png", out.getvalue(), content_type="image/png")
