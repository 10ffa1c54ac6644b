"""Building product files (CSV and XLSX uploads) for the import and export tests."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from zhanggui.catalog.imports.columns import COLUMNS

HEADER = [column.header for column in COLUMNS]
KINDS = ("csv", "xlsx")


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


def upload(kind: str, rows: list[list[Any]], *, header: list[str] = HEADER, **kwargs: Any) -> SimpleUploadedFile:
    if kind == "xlsx":
        return SimpleUploadedFile("products.xlsx", xlsx_bytes(rows, header=header))
    return SimpleUploadedFile("products.csv", csv_bytes(rows, header=header, **kwargs), content_type="text/csv")


def read_export(content: bytes, kind: str) -> list[list[Any]]:
    """The rows of an exported file, header included."""
    if kind == "xlsx":
        sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
        return [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
