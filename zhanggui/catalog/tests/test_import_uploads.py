"""Uploaded product files that are not safe or not readable are refused on the field "file"."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from zhanggui.catalog.imports import product_import_preview
from zhanggui.core.exceptions import FieldError, ValidationFailed
from zhanggui.core.models import ImportJob

from .import_files import HEADER, csv_bytes, xlsx_bytes


@pytest.fixture(autouse=True)
def media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path


def zipped(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


WORKBOOK_PARTS = {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}


def refused(by, content: bytes, name: str = "products.xlsx") -> list[FieldError]:  # type: ignore[no-untyped-def]
    with translation.override("en"), pytest.raises(ValidationFailed) as failure:
        product_import_preview(by=by, upload=SimpleUploadedFile(name, content), name=name)
    assert not ImportJob.objects.exists()
    return failure.value.errors


def test_a_zip_bomb_is_refused(make_staff, settings):
    # given a workbook-looking zip that unpacks to more than the allowed size
    settings.ZHANGGUI_XLSX_MAX_UNPACKED_BYTES = 1024 * 1024
    bomb = zipped({**WORKBOOK_PARTS, "xl/worksheets/sheet1.xml": b"0" * (2 * 1024 * 1024)})
    assert len(bomb) < 10 * 1024

    # when it is uploaded, then it is refused before anything parses it
    assert refused(make_staff("operator"), bomb) == [
        FieldError("file", "The spreadsheet unpacks to more than the allowed size.")
    ]


def test_a_zip_with_too_many_members_is_refused(make_staff, settings):
    # given a zip with more parts than any normal workbook
    settings.ZHANGGUI_XLSX_MAX_MEMBERS = 50
    archive = zipped({**WORKBOOK_PARTS, **{f"xl/media/image{n}.png": b"x" for n in range(60)}})

    # when it is uploaded, then it is refused
    assert refused(make_staff("operator"), archive) == [
        FieldError("file", "The spreadsheet has too many parts to be a normal workbook.")
    ]


def test_a_zip_that_is_not_a_workbook_is_refused(make_staff):
    # given an ordinary zip archive renamed to .xlsx
    archive = zipped({"photos/1.jpg": b"\xff\xd8\xff"})

    # when it is uploaded, then it is refused
    assert refused(make_staff("operator"), archive) == [
        FieldError("file", "The file is a zip archive but not an Excel workbook (.xlsx).")
    ]


def test_a_damaged_workbook_is_refused(make_staff):
    # given a zip with workbook part names but no readable workbook inside
    archive = zipped({**WORKBOOK_PARTS, "xl/worksheets/sheet1.xml": b"<not xml"})

    # when it is uploaded, then it is refused with advice
    assert refused(make_staff("operator"), archive) == [
        FieldError("file", "The Excel file could not be read; save it again as .xlsx and retry.")
    ]


def test_a_workbook_with_an_entity_bomb_is_refused(make_staff):
    # given a real workbook whose sheet declares XML entities (billion laughs)
    good = zipfile.ZipFile(io.BytesIO(xlsx_bytes([["SPU1"]])))
    members = {name: good.read(name) for name in good.namelist()}
    members["xl/worksheets/sheet1.xml"] = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>'
    )

    # when it is uploaded, then defusedxml refuses the entities and the file is refused
    assert refused(make_staff("operator"), zipped(members)) == [
        FieldError("file", "The Excel file could not be read; save it again as .xlsx and retry.")
    ]


def test_an_old_xls_file_is_refused(make_staff):
    # given an Excel 97-2003 file (OLE2 signature)
    content = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512

    # when it is uploaded, then the staff member is told to save it as .xlsx
    assert refused(make_staff("operator"), content, "products.xls") == [
        FieldError("file", "Old Excel files (.xls) are not supported; save the file as .xlsx.")
    ]


def test_an_empty_file_and_a_header_only_file_are_refused(make_staff):
    operator = make_staff("operator")
    # given an empty file, then a CSV with only the header row
    assert refused(operator, b"", "products.csv") == [FieldError("file", "The file is empty.")]
    assert refused(operator, csv_bytes([], header=HEADER), "products.csv") == [
        FieldError("file", "The file has a header row but no data rows.")
    ]
