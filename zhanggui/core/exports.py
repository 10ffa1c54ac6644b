"""CSV and XLSX exports that spreadsheet programs cannot turn into formulas.

A cell starting with ``= + - @`` (or a tab or carriage return) is prefixed with ``'`` so
Excel and WPS show it as text. Personal data columns are masked unless the exporter may
export them unmasked.
"""

from __future__ import annotations

import csv
import io
import itertools
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import IO, Any

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone, translation
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
CHUNK_BYTES = 64 * 1024  # what a streamed export sends at a time


@dataclass(frozen=True)
class ExportFile:
    """A file made for download: what a service returns; the console and the API send it as an attachment.

    ``content`` is the whole file, or its chunks as they are made (a long export is streamed, never
    held in memory whole).
    """

    name: str
    content_type: str
    content: bytes | Iterable[bytes]

    def read(self) -> bytes:
        """The whole file (chunks are consumed: read a streamed file once)."""
        return self.content if isinstance(self.content, bytes) else b"".join(self.content)


def workbook_bytes(rows: Iterable[Sequence[Any]]) -> bytes:
    """An XLSX workbook of one sheet holding ``rows`` (small files: templates)."""
    with _workbook_file(rows) as file:
        return file.read()


def _workbook_file(rows: Iterable[Sequence[Any]]) -> IO[bytes]:
    """An XLSX workbook of one sheet holding ``rows``, in a temporary file, read from its start.

    openpyxl's write-only mode writes each row out as it comes, so memory stays flat however many rows.
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    for row in rows:
        sheet.append(list(row))
    file = tempfile.TemporaryFile()  # noqa: SIM115 - closed by the caller (or by _file_chunks once sent)
    workbook.save(file)
    file.seek(0)
    return file


def _file_chunks(file: IO[bytes]) -> Iterator[bytes]:
    with file:
        while chunk := file.read(CHUNK_BYTES):
            yield chunk


def _csv_chunks(headers: list[str], rows: Iterable[list[Any]]) -> Iterator[bytes]:
    """The rows as CSV in UTF-8, a chunk at a time; a BOM first makes Excel read Chinese text correctly."""
    text = io.StringIO()
    writer = csv.writer(text)
    text.write("\ufeff")
    writer.writerow(headers)
    for row in rows:
        writer.writerow(row)
        if text.tell() >= CHUNK_BYTES:
            yield text.getvalue().encode()
            text.seek(0)
            text.truncate()
    yield text.getvalue().encode()


def _in_callers_context(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """``chunks`` made in the language and time zone of the request, which a streamed answer
    outlives (its rows are read while it is being sent)."""
    language, zone = translation.get_language(), timezone.get_current_timezone()
    with translation.override(language), timezone.override(zone):
        yield from chunks


def export_file(
    *,
    columns: Sequence[ExportColumn],
    objects: Iterable[Any],
    user: Actor,
    file_format: str,
    filename: str,
    action: str,
    description: str = "",
    count: Callable[[], int] | None = None,
) -> ExportFile:
    """The rows as an XLSX or CSV file; writes one audit event with the row count before a byte is sent.

    ``count`` counts ``objects`` (their ``len`` when not given), asked only for a CSV file: it is
    streamed while ``objects`` are read, so the audit row cannot wait to count them; an XLSX file
    is written whole first and counts its rows as it goes.
    """
    headers = [str(c.header) for c in columns]
    rows = export_rows(columns, objects, user=user)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    content: bytes | Iterable[bytes]
    if file_format == "xlsx":
        counted = _Counted(rows)
        content, content_type = _file_chunks(_workbook_file(itertools.chain([headers], counted))), XLSX
        total = counted.count
    else:
        total = count() if count is not None else len(objects)  # type: ignore[arg-type]
        content, content_type = _in_callers_context(_csv_chunks(headers, rows)), "text/csv; charset=utf-8"
        file_format = "csv"
    audit_record(
        actor=user,
        action=action,
        after={"rows": total, "format": file_format, "unmasked": has_perm(user, "pii.export")},
        object_repr=description or filename,
    )
    return ExportFile(name=f"{filename}-{stamp}.{file_format}", content_type=content_type, content=content)


class _Counted:
    """Rows passed through, counted."""

    def __init__(self, rows: Iterable[list[Any]]) -> None:
        self.rows, self.count = rows, 0

    def __iter__(self) -> Iterator[list[Any]]:
        for row in self.rows:
            self.count += 1
            yield row


def pdf_file(content: bytes, name: str) -> ExportFile:
    """A printed document (``name`` without its extension), for ``file_response(…, inline=True)``."""
    return ExportFile(name=f"{name}.pdf", content_type="application/pdf", content=content)


def file_response(file: ExportFile, *, inline: bool = False) -> HttpResponse | StreamingHttpResponse:
    """Send a made file (console views and API operations), streamed when it comes in chunks: as an
    attachment, or ``inline`` for the browser to show (a PDF to print from its viewer)."""
    response: HttpResponse | StreamingHttpResponse
    if isinstance(file.content, bytes):
        response = HttpResponse(file.content, content_type=file.content_type)
    else:
        response = StreamingHttpResponse(file.content, content_type=file.content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{file.name}"'
    return response
