"""Building product files (CSV and XLSX uploads) for the import and export tests."""

from __future__ import annotations

import csv
import io
import zipfile
from typing import Any
from xml.sax.saxutils import escape

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

from zhanggui.catalog.imports.columns import COLUMNS

HEADER = [column.header for column in COLUMNS]
KINDS = ("csv", "xlsx")  # the export's formats; an uploaded "xlsx" is written by openpyxl (inline strings)
IMPORT_KINDS = (*KINDS, "excel")  # "excel": an .xlsx laid out as Excel saves it (shared strings)


def product_row(**values: Any) -> list[Any]:
    """A row in the file's column order; unknown keys are a test bug."""
    keys = [column.key for column in COLUMNS]
    assert set(values) <= set(keys), set(values) - set(keys)
    return [values.get(key, "") for key in keys]


def csv_bytes(rows: list[list[Any]], *, header: list[str] = HEADER, encoding: str = "utf-8-sig") -> bytes:
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(header)
    writer.writerows(rows)
    return text.getvalue().encode(encoding)


def xlsx_bytes(rows: list[list[Any]], *, header: list[str] = HEADER) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append([None if cell == "" else cell for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _relationships(*relations: tuple[str, str, str]) -> str:
    items = "".join(
        f'<Relationship Id="{i}" Type="{RELATIONS}/{kind}" Target="{target}"/>' for i, kind, target in relations
    )
    return (
        f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{items}</Relationships>'
    )


def xlsx_package(sheet_data: str, *, strings: list[str] | None = None, styles: str | None = None) -> bytes:
    """A workbook written by hand, as Excel lays it out: ``sheet_data`` is the XML inside <sheetData>,
    ``strings`` the shared strings (the XML inside each <si>), ``styles`` the XML inside <styleSheet>."""
    parts = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        "_rels/.rels": _relationships(("rId1", "officeDocument", "xl/workbook.xml")),
        "xl/workbook.xml": f'<workbook xmlns="{MAIN_NS}" xmlns:r="{RELATIONS}">'
        '<sheets><sheet name="商品" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{MAIN_NS}"><sheetData>{sheet_data}</sheetData></worksheet>',
    }
    relations = [("rId1", "worksheet", "worksheets/sheet1.xml")]
    if strings is not None:
        items = "".join(f"<si>{item}</si>" for item in strings)
        parts["xl/sharedStrings.xml"] = f'<sst xmlns="{MAIN_NS}" count="{len(strings)}">{items}</sst>'
        relations.append(("rId2", "sharedStrings", "sharedStrings.xml"))
    if styles is not None:
        parts["xl/styles.xml"] = f'<styleSheet xmlns="{MAIN_NS}">{styles}</styleSheet>'
        relations.append(("rId3", "styles", "/xl/styles.xml"))
    parts["xl/_rels/workbook.xml.rels"] = _relationships(*relations)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, xml in parts.items():
            archive.writestr(name, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + xml)
    return buffer.getvalue()


def shared_strings_xlsx(rows: list[list[Any]], *, header: list[str] = HEADER) -> bytes:
    """A workbook whose texts are all shared strings, as Excel and WPS save them."""
    strings: list[str] = []
    index: dict[str, int] = {}
    xml = []
    for number, row in enumerate([header, *rows], start=1):
        cells = []
        for column, value in enumerate(row):
            text = str(value)
            if text:
                position = index.setdefault(text, len(strings))
                if position == len(strings):
                    strings.append(f"<t>{escape(text)}</t>")
                cells.append(f'<c r="{get_column_letter(column + 1)}{number}" t="s"><v>{position}</v></c>')
        xml.append(f'<row r="{number}">{"".join(cells)}</row>')
    return xlsx_package("".join(xml), strings=strings)


def upload(kind: str, rows: list[list[Any]], *, header: list[str] = HEADER, **kwargs: Any) -> SimpleUploadedFile:
    if kind == "xlsx":
        return SimpleUploadedFile("products.xlsx", xlsx_bytes(rows, header=header))
    if kind == "excel":
        return SimpleUploadedFile("products.xlsx", shared_strings_xlsx(rows, header=header))
    return SimpleUploadedFile("products.csv", csv_bytes(rows, header=header, **kwargs), content_type="text/csv")


def read_export(content: bytes, kind: str) -> list[list[Any]]:
    """The rows of an exported file, header included."""
    if kind == "xlsx":
        sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
        return [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
