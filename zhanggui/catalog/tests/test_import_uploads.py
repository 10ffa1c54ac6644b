"""Uploaded product files that are not safe or not readable are refused on the field "file".

What needs no parsing (type, size, zip limits) is refused on upload; what only parsing finds (a
damaged sheet, XML entities, no data rows) is the check's one error, on row 0 and field "file".
"""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from zhanggui.catalog.imports import product_import_preview
from zhanggui.core.exceptions import FieldError, ValidationFailed
from zhanggui.core.models import ImportJob, ImportStatus

from .import_files import HEADER, csv_bytes, xlsx_package


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


def checked(by, content: bytes, capture, name: str = "products.xlsx") -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    """Upload a file and run its check; the preview's errors (the job must have no rows)."""
    with translation.override("en"), capture(execute=True):
        job = product_import_preview(by=by, upload=SimpleUploadedFile(name, content), name=name)
    job.refresh_from_db()
    assert (job.status, job.total_rows, job.error_count) == (ImportStatus.PREVIEWED, 0, 1)
    return job.errors


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


def with_part(part: str, xml: bytes) -> bytes:
    """A workbook of two shared strings (a header and a value) whose ``part`` is replaced by ``xml``."""
    sheet = '<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" t="s"><v>1</v></c></row>'
    good = zipfile.ZipFile(io.BytesIO(xlsx_package(sheet, strings=["<t>商品编码</t>", "<t>SPU1</t>"])))
    members = {name: good.read(name) for name in good.namelist()}
    members[part] = xml
    return zipped(members)


def test_a_damaged_workbook_fails_its_check(make_staff, django_capture_on_commit_callbacks):
    # given a real workbook whose sheet is not XML
    archive = with_part("xl/worksheets/sheet1.xml", b"<not xml")

    # when it is uploaded and checked, then the preview's one error says so, with advice
    assert checked(make_staff("operator"), archive, django_capture_on_commit_callbacks) == [
        {"row": 0, "field": "file", "message": "The Excel file could not be read; save it again as .xlsx and retry."}
    ]


def test_a_workbook_without_worksheets_fails_its_check(make_staff, django_capture_on_commit_callbacks):
    # given a zip with workbook part names but a workbook listing no sheet
    archive = zipped({**WORKBOOK_PARTS, "xl/worksheets/sheet1.xml": b"<not xml"})

    # when it is uploaded and checked, then the preview's one error says so
    assert checked(make_staff("operator"), archive, django_capture_on_commit_callbacks) == [
        {"row": 0, "field": "file", "message": "The Excel file has no worksheet."}
    ]


LAUGHS = b'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
SHEET_WITH_ENTITIES = (
    b'<?xml version="1.0"?>' + LAUGHS + b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>'
)
STRINGS_WITH_ENTITIES = (
    b'<?xml version="1.0"?>' + LAUGHS + b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b"<si><t>&lol2;</t></si><si><t>SPU1</t></si></sst>"
)


@pytest.mark.parametrize(
    ("part", "xml"),
    [
        ("xl/worksheets/sheet1.xml", SHEET_WITH_ENTITIES),
        ("xl/sharedStrings.xml", STRINGS_WITH_ENTITIES),
        # the declaration cut across two reads of the parser, after 16 KiB of padding
        ("xl/worksheets/sheet1.xml", b"<?xml version='1.0'?>" + b" " * (16 * 1024 - 25) + SHEET_WITH_ENTITIES[21:]),
        # an external entity (XXE) reading a local file
        ("xl/workbook.xml", b'<!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]><workbook>&x;</workbook>'),
    ],
)
def test_a_workbook_declaring_xml_entities_fails_its_check(part, xml, make_staff, django_capture_on_commit_callbacks):
    # given a real workbook one of whose parts declares XML entities (billion laughs, or an external file)
    content = with_part(part, xml)

    # when it is uploaded and checked, then the part is refused before it is parsed
    assert checked(make_staff("operator"), content, django_capture_on_commit_callbacks) == [
        {"row": 0, "field": "file", "message": "The Excel file could not be read; save it again as .xlsx and retry."}
    ]


def test_an_old_xls_file_is_refused(make_staff):
    # given an Excel 97-2003 file (OLE2 signature)
    content = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512

    # when it is uploaded, then the staff member is told to save it as .xlsx
    assert refused(make_staff("operator"), content, "products.xls") == [
        FieldError("file", "Old Excel files (.xls) are not supported; save the file as .xlsx.")
    ]


def test_an_empty_file_is_refused_and_a_header_only_file_fails_its_check(
    make_staff, django_capture_on_commit_callbacks
):
    operator = make_staff("operator")
    # given an empty file, then a CSV with only the header row
    assert refused(operator, b"", "products.csv") == [FieldError("file", "The file is empty.")]
    assert checked(operator, csv_bytes([], header=HEADER), django_capture_on_commit_callbacks, "products.csv") == [
        {"row": 0, "field": "file", "message": "The file has a header row but no data rows."}
    ]
