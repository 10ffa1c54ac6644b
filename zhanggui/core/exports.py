"""CSV and XLSX exports that spreadsheet programs cannot turn into formulas.

A cell starting with ``= + - @`` (or a tab or carriage return) is prefixed with ``'`` so
Excel and WPS show it as text. Personal data columns are masked unless the exporter may
export them unmasked.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook

from .actors import Actor
from .audit import audit_record
from .permissions import has_perm
from .pii import MASKERS

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """A cell value safe to open in a spreadsheet; numbers stay numbers."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float | Decimal):
        return value
    if hasattr(value, "isoformat") and hasattr(value, "tzinfo"):
        value = timezone.localtime(value) if getattr(value, "tzinfo", None) else value
        return value.strftime("%Y-%m-%d %H:%M")
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


@dataclass(frozen=True)
class ExportColumn:
    header: str
    value: Callable[[Any], Any]
    pii: str | None = None  # kind of personal data in the column, masked unless allowed


def export_rows(columns: Sequence[ExportColumn], objects: Iterable[Any], *, user: Actor) -> Iterable[list[Any]]:
    unmasked = has_perm(user, "pii.export")
    for obj in objects:
        row = []
        for column in columns:
            value = column.value(obj)
            if column.pii and not unmasked:
                value = MASKERS[column.pii](None if value is None else str(value))
            row.append(neutralise(value))
        yield row


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class ExportFile:
    """A file made for download: what a service returns; the console and the API send it as an attachment."""

    name: str
    content_type: str
    content: bytes


def workbook_bytes(rows: Iterable[Sequence[Any]]) -> bytes:
    """An XLSX workbook of one sheet holding ``rows``."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_file(
    *,
    columns: Sequence[ExportColumn],
    objects: Iterable[Any],
    user: Actor,
    file_format: str,
    filename: str,
    action: str,
    description: str = "",
) -> ExportFile:
    """The rows as an XLSX or CSV file; writes one audit event with the row count."""
    headers = [str(c.header) for c in columns]
    rows = list(export_rows(columns, objects, user=user))
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if file_format == "xlsx":
        content, content_type = workbook_bytes([headers, *rows]), XLSX
    else:
        text = io.StringIO()
        writer = csv.writer(text)
        writer.writerow(headers)
        writer.writerows(rows)
        # A BOM makes Excel open UTF-8 Chinese text correctly.
        content, content_type = ("\ufeff" + text.getvalue()).encode(), "text/csv; charset=utf-8"
        file_format = "csv"
    audit_record(
        actor=user,
        action=action,
        after={"rows": len(rows), "format": file_format, "unmasked": has_perm(user, "pii.export")},
        object_repr=description or filename,
    )
    return ExportFile(name=f"{filename}-{stamp}.{file_format}", content_type=content_type, content=content)


def file_response(file: ExportFile) -> HttpResponse:
    """Send a made file as an attachment (console views and API operations)."""
    response = HttpResponse(file.content, content_type=file.content_type)
    response["Content-Disposition"] = f'attachment; filename="{file.name}"'
    return response
