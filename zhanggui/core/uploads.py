"""Checking uploaded spreadsheets before anything parses them.

The type is decided by content, not by the file name; an xlsx file is a zip whose member
count and unpacked size are checked first (zip bombs). Its XML is then read by
``core.imports.xlsx``, which refuses any part declaring a DTD or entities before parsing it.
"""

from __future__ import annotations

import codecs
import zipfile
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.utils.translation import gettext as _

from .exceptions import ValidationFailed

XLSX = "xlsx"
CSV = "csv"


@dataclass(frozen=True)
class CheckedUpload:
    kind: str  # "xlsx" or "csv"
    size: int
    encoding: str = "utf-8"


def _fail(message: str) -> ValidationFailed:
    return ValidationFailed.for_field("file", message)


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
