"""Checking uploaded spreadsheets and pictures before anything parses them.

The type is decided by content, not by the file name; an xlsx file is a zip whose member
count and unpacked size are checked first (zip bombs). Its XML is then read by
``core.imports.xlsx``, which refuses any part declaring a DTD or entities before parsing it.

A picture must be a JPEG, PNG or WebP that Pillow can decode, within a byte size and a pixel
count read from its header before decoding (decompression bombs). It is stored only as we
re-encode it: upright, without EXIF or text chunks (a phone photo's GPS position), with square
WebP thumbnails so that lists never load the original.
"""

from __future__ import annotations

import codecs
import io
import warnings
import zipfile
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from .exceptions import ValidationFailed

XLSX = "xlsx"
CSV = "csv"


@dataclass(frozen=True)
class CheckedUpload:
    kind: str  # "xlsx" or "csv"
    size: int
    encoding: str = "utf-8"


def _fail(message: str, field: str = "file") -> ValidationFailed:
    return ValidationFailed.for_field(field, message)


def _check_xlsx(stream: IO[bytes]) -> None:
    try:
        with zipfile.ZipFile(stream) as archive:
            members = archive.infolist()
            if len(members) > settings.ZHANGGUI_XLSX_MAX_MEMBERS:
                raise _fail(_("The spreadsheet has too many parts to be a normal workbook."))
            unpacked = sum(m.file_size for m in members)
            if unpacked > settings.ZHANGGUI_XLSX_MAX_UNPACKED_BYTES:
                raise _fail(_("The spreadsheet unpacks to more than the allowed size."))
            names = {m.filename for m in members}
            if "[Content_Types].xml" not in names or not any(n.startswith("xl/workbook") for n in names):
                raise _fail(_("The file is a zip archive but not an Excel workbook (.xlsx)."))
    except zipfile.BadZipFile as exc:
        raise _fail(_("The Excel file is damaged and cannot be read.")) from exc


def _csv_encoding(head: bytes) -> str:
    if b"\x00" in head:
        raise _fail(_("The file is neither a CSV text file nor an Excel workbook."))
    for encoding in ("utf-8-sig", "gb18030"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            decoder.decode(head, final=False)
            return encoding
        except UnicodeDecodeError:
            continue
    raise _fail(_("The CSV file is not UTF-8 or GBK text."))


def check_upload(stream: IO[bytes], *, allowed: tuple[str, ...] = (XLSX, CSV)) -> CheckedUpload:
    """Validate an uploaded file by content and size; raise ValidationFailed on ``file``."""
    stream.seek(0, 2)
    size = stream.tell()
    stream.seek(0)
    if size == 0:
        raise _fail(_("The file is empty."))
    if size > settings.ZHANGGUI_UPLOAD_MAX_BYTES:
        limit = settings.ZHANGGUI_UPLOAD_MAX_BYTES // (1024 * 1024)
        raise _fail(_("The file is larger than %(limit)s MB.") % {"limit": limit})
    head = stream.read(64 * 1024)
    stream.seek(0)
    if head.startswith(b"PK\x03\x04"):
        if XLSX not in allowed:
            raise _fail(_("Excel files are not accepted here; upload a CSV file."))
        _check_xlsx(stream)
        stream.seek(0)
        return CheckedUpload(kind=XLSX, size=size)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise _fail(_("Old Excel files (.xls) are not supported; save the file as .xlsx."))
    if CSV not in allowed:
        raise _fail(_("Only Excel workbooks (.xlsx) are accepted here."))
    encoding = _csv_encoding(head)
    return CheckedUpload(kind=CSV, size=size, encoding=encoding)


# Pillow format → the stored file's extension. GIF is left out: product pictures are photos,
# and an animation would show as its first frame only.
IMAGE_EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
THUMBNAIL_BACKGROUND = (255, 255, 255)


@dataclass(frozen=True)
class CheckedImage:
    """An accepted picture, re-encoded, with its square WebP thumbnails by edge length in pixels."""

    data: bytes
    extension: str
    width: int
    height: int
    thumbnails: dict[int, bytes]


def _flattened(image: Image.Image) -> Image.Image:
    """RGB, transparent parts on white (thumbnails and JPEG have no alpha); an RGB picture itself."""
    if image.mode == "RGB":
        return image
    if image.mode in ("L", "CMYK", "YCbCr", "I", "F"):
        return image.convert("RGB")
    rgba = image.convert("RGBA")
    background = Image.new("RGB", rgba.size, THUMBNAIL_BACKGROUND)
    background.paste(rgba, mask=rgba.getchannel("A"))
    return background


def _reencoded(image: Image.Image, image_format: str, icc_profile: bytes | None) -> bytes:
    """The picture saved afresh: only pixels (and the colour profile) survive, no EXIF or text."""
    out = io.BytesIO()
    options: dict[str, object] = {"icc_profile": icc_profile} if icc_profile else {}
    if image_format == "JPEG":
        (image if image.mode == "L" else _flattened(image)).save(out, "JPEG", quality=90, **options)
    elif image_format == "PNG":
        image.save(out, "PNG", **options)
    else:
        image.save(out, "WEBP", quality=90, **options)
    return out.getvalue()


def _thumbnails(image: Image.Image, edges: tuple[int, ...]) -> dict[int, bytes]:
    """Per edge, ``edge`` × ``edge`` WebP pixels: the whole picture scaled to fit, centred on white.

    The picture is scaled once to the largest edge (``reducing_gap``: a fast integer reduction
    first), and every thumbnail is made from that, never from the full-size picture again.
    """
    if not edges:
        return {}
    largest = max(edges)
    scale = min(largest / image.width, largest / image.height)
    size = (max(round(image.width * scale), 1), max(round(image.height * scale), 1))
    source = image if image.mode in ("RGB", "RGBA", "L", "LA") else image.convert("RGBA")
    preview = _flattened(source.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0))
    thumbnails = {}
    for edge in edges:
        square = ImageOps.pad(preview, (edge, edge), method=Image.Resampling.LANCZOS, color=THUMBNAIL_BACKGROUND)
        out = io.BytesIO()
        square.save(out, "WEBP", quality=80)
        thumbnails[edge] = out.getvalue()
    return thumbnails


def check_image(stream: IO[bytes], *, field: str, thumbnail_edges: tuple[int, ...] = ()) -> CheckedImage:
    """Decode an uploaded picture by content within the size limits, or raise ValidationFailed on ``field``."""
    stream.seek(0, 2)
    size = stream.tell()
    stream.seek(0)
    if size == 0:
        raise _fail(_("The file is empty."), field)
    if size > settings.ZHANGGUI_IMAGE_MAX_BYTES:
        limit = settings.ZHANGGUI_IMAGE_MAX_BYTES // (1024 * 1024)
        raise _fail(_("The picture is larger than %(limit)s MB.") % {"limit": limit}, field)
    not_a_picture = _("The file is not a JPEG, PNG or WebP picture.")
    too_many_pixels = _("The picture has more than %(limit)s million pixels.") % {
        "limit": settings.ZHANGGUI_IMAGE_MAX_PIXELS // 1_000_000
    }
    try:
        # Only the header is read here: the pixel count is known before anything is decoded.
        # (Pillow's own bomb warning, far above our limit, would only repeat what we refuse.)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            probe = Image.open(stream, formats=list(IMAGE_EXTENSIONS))
        with probe:
            image_format = probe.format or ""
            width, height = probe.size
            if width * height > settings.ZHANGGUI_IMAGE_MAX_PIXELS:
                raise _fail(too_many_pixels, field)
            probe.verify()
        stream.seek(0)
        with Image.open(stream, formats=[image_format]) as opened:
            opened.load()
            icc_profile = opened.info.get("icc_profile")
            ImageOps.exif_transpose(opened, in_place=True)  # upright: the orientation tag goes with the EXIF
            return CheckedImage(
                data=_reencoded(opened, image_format, icc_profile),
                extension=IMAGE_EXTENSIONS[image_format],
                width=opened.width,
                height=opened.height,
                thumbnails=_thumbnails(opened, thumbnail_edges),
            )
    except Image.DecompressionBombError as exc:
        raise _fail(too_many_pixels, field) from exc
    except UnidentifiedImageError as exc:
        raise _fail(not_a_picture, field) from exc
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise _fail(_("The picture is damaged and cannot be read."), field) from exc
