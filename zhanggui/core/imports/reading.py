"""Reading the rows of a checked upload as stripped cell texts: XLSX through ``.xlsx``, CSV through ``csv``."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Generator, Iterator
from typing import IO

from django.utils.translation import gettext as _

from ..exceptions import ServiceError, ValidationFailed
from ..uploads import XLSX, CheckedUpload
from .xlsx import QUOTED_FORMULA, NoWorksheet, Workbook
from .xlsx_fast import FastWorkbook, ReadSlowly

FILE = "file"
Row = tuple[int, list[str]]


def upload_error(message: str) -> ServiceError:
    return ValidationFailed.for_field(FILE, message)


def _unreadable() -> ServiceError:
    return upload_error(_("The Excel file could not be read; save it again as .xlsx and retry."))


class Rows:
    """The non-blank rows of an upload as (file row number, cell texts), and how much of it is read."""

    def __init__(self, rows: Iterator[Row], share_read: Callable[[], float], close: Callable[[], None]) -> None:
        self._rows = rows
        self.share_read = share_read  # from 0 to 1, for progress estimates
        self._close = close

    def __iter__(self) -> Iterator[Row]:
        return self._rows  # loops run the reading generator itself, without a call per row here

    def __next__(self) -> Row:
        return next(self._rows)

    def close(self) -> None:
        self._close()


def _xlsx_rows(workbook: Workbook | FastWorkbook) -> Generator[Row, None, None]:
    try:
        for number, cells in workbook.rows():
            if any(cells):
                yield number, cells
    except Exception as exc:  # a damaged sheet (XML, zip or value errors), or a refused DTD
        raise _unreadable() from exc


def _read_xlsx(stream: IO[bytes]) -> Rows:
    try:
        try:
            workbook: Workbook | FastWorkbook = FastWorkbook(stream)
        except ReadSlowly:
            stream.seek(0)
            workbook = Workbook(stream)
    except NoWorksheet as exc:
        raise upload_error(_("The Excel file has no worksheet.")) from exc
    except Exception as exc:  # zip, XML, missing parts, a refused DTD
        raise _unreadable() from exc
    rows = _xlsx_rows(workbook)

    def close() -> None:
        rows.close()
        workbook.close()

    return Rows(rows, workbook.share_read, close)


def _csv_rows(stream: IO[bytes], encoding: str) -> Generator[Row, None, None]:
    # Tab-separated text saved as .csv is common; tab and comma are single bytes in GBK too.
    first_line = stream.read(64 * 1024).split(b"\n", 1)[0]
    stream.seek(0)
    delimiter = "\t" if first_line.count(b"\t") > first_line.count(b",") else ","
    text = io.TextIOWrapper(stream, encoding=encoding, newline="")  # type: ignore[type-var]
    number = 0
    try:
        for number, raw in enumerate(csv.reader(text, delimiter=delimiter), start=1):
            cells = list(map(str.strip, raw))
            joined = "".join(cells)
            if not joined:  # a blank row
                continue
            if "'" in joined:  # rarely: look for the quote an export put before a formula
                cells = [c[1:] if c[:2] in QUOTED_FORMULA else c for c in cells]
            yield number, cells
    except UnicodeDecodeError as exc:
        raise upload_error(_("Row %(row)s is not valid text in the file's encoding.") % {"row": number + 1}) from exc
    except csv.Error as exc:
        raise upload_error(_("Row %(row)s is not valid CSV.") % {"row": number + 1}) from exc
    finally:
        text.detach()


def _read_csv(stream: IO[bytes], upload: CheckedUpload) -> Rows:
    rows = _csv_rows(stream, upload.encoding)

    def share_read() -> float:
        return min(stream.tell() / upload.size, 1.0)

    return Rows(rows, share_read, rows.close)


def read_rows(stream: IO[bytes], upload: CheckedUpload) -> Rows:
    """Non-blank rows of a checked upload as (file row number, stripped cell texts)."""
    stream.seek(0)
    if upload.kind == XLSX:
        return _read_xlsx(stream)
    return _read_csv(stream, upload)
