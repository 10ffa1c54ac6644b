"""Reading the first worksheet of an XLSX upload with calamine (Rust), the expat reader's faster twin.

calamine parses a sheet several times faster than expat builds its elements (figures in
bench/README.md) but hands over typed values, not the text written in the file. Where the two
would read a cell differently, the file is read by ``core.imports.xlsx`` instead, so an import sees
exactly the same cells whichever reader ran:

- every part is first read once through ``zipfile`` (which stops at a part's declared size and
  checks its CRC) and refused if it declares a DTD or entities, as the expat reader refuses it;
- a number cell not written as its shortest decimal (``6.9E+12``, ``1.50``, ``007``, 16 digits
  and more, which a float would round), an error cell (``#N/A``, which calamine reads as empty) or an
  ISO date cell sends the file to the expat reader, and so does any file calamine cannot open.

Numbers then read as the expat reader writes them: integral values as digits, others in their
shortest form, limited to 15 significant digits; dates and durations by their number format.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Iterator
from typing import IO, Any

from python_calamine import CalamineWorkbook, SheetTypeEnum

from .xlsx import _EXCEL_DIGITS, _REFUSED, QUOTED_FORMULA, UnreadableWorkbook

_SCAN = 1024 * 1024  # bytes of a part searched at a time
_OVERLAP = 64  # bytes kept between two reads, so a marker or number cut in two is still seen
# Cells calamine reads otherwise than the text written in the file (see the module's docstring).
# (Two searches, each starting with a literal, are many times faster than one alternation.)
_NUMBER_WRITTEN_OTHERWISE = re.compile(rb"<v>(?:-?(?:\d{16}|0\d|\.)|[-+.\d]*[eE]|-?\d*\.\d*0<)")
_ERROR_OR_DATE_CELLS = re.compile(rb"t=[\"'][ed][\"']")  # an attribute t="e" or t="d" (see ``_typed_cells``)
_CELL_TYPE = re.compile(rb"\st=[\"'](\w+)[\"']")
_TIME_FORMAT = "%Y-%m-%d %H:%M:%S"


class ReadSlowly(Exception):
    """The package is read by the expat reader: calamine would read a cell differently, or not at all."""


def _scan(archive: zipfile.ZipFile) -> None:
    """Refuse a part declaring a DTD or entities; send a file calamine would read differently away."""
    for info in archive.infolist():
        tail = b""
        with archive.open(info) as part:
            while chunk := part.read(_SCAN):
                window = tail + chunk
                if any(marker in window for marker in _REFUSED):
                    raise UnreadableWorkbook("the part declares a DTD or entities")
                if _typed_cells(window) or _number_written_otherwise(window):
                    raise ReadSlowly(info.filename)
                tail = window[-_OVERLAP:]


def _typed_cells(window: bytes) -> bool:
    """Whether an error or ISO-date cell is in the window (``t="e"``, ``t="d"``, not ``format="d"``)."""
    return any(window[match.start() - 1 : match.start()].isspace() for match in _ERROR_OR_DATE_CELLS.finditer(window))


def _number_written_otherwise(window: bytes) -> bool:
    """Whether a number cell's text is not what its float value gives back.

    Only number cells count: the same text in a formula's string result (``="0012"`` gives
    ``<c t="str"><f>…</f><v>0012</v>``, long order numbers too) is a string to calamine as well.
    A cell whose start is not in the window counts, and so does any value spelled with a
    namespace prefix (``<x:v>``), which the search for ``<v>`` would miss.
    """
    if b":v>" in window:
        return True
    for match in _NUMBER_WRITTEN_OTHERWISE.finditer(window):
        start = window.rfind(b"<c", 0, match.start())
        if start < 0 or window[start + 2 : start + 3] not in (b" ", b">"):
            return True
        kind = _CELL_TYPE.search(window, start, window.find(b">", start))
        if kind is None or kind.group(1) == b"n":
            return True
    return False


def _number(value: float) -> str:
    if value.is_integer() and abs(value) < 10**_EXCEL_DIGITS:
        return str(int(value))
    text = repr(value)
    return format(value, f".{_EXCEL_DIGITS}g") if len(text) > _EXCEL_DIGITS else text


def _text(value: Any) -> str:
    """A cell as the expat reader reads it (``xlsx.Workbook.rows``)."""
    if isinstance(value, str):
        value = value.strip()
        return value[1:] if value[:2] in QUOTED_FORMULA else value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float | int):
        return _number(float(value))
    if isinstance(value, dt.date | dt.time):
        return value.strftime(_TIME_FORMAT)
    return str(value)  # a duration


class FastWorkbook:
    """An XLSX package read by calamine; the same interface as ``xlsx.Workbook``."""

    def __init__(self, stream: IO[bytes]) -> None:
        with zipfile.ZipFile(stream) as archive:
            _scan(archive)
        stream.seek(0)
        try:
            workbook = CalamineWorkbook.from_filelike(stream)
            sheets = workbook.sheets_metadata
            if not sheets or sheets[0].typ != SheetTypeEnum.WorkSheet:
                raise ReadSlowly("no first worksheet")
            self.sheet = workbook.get_sheet_by_index(0)
        except ReadSlowly:
            raise
        except Exception as exc:  # calamine's own errors: the expat reader says what is wrong
            raise ReadSlowly(str(exc)) from exc
        self.read = 0

    def close(self) -> None:
        """Nothing to release: calamine holds the sheet in memory until it is collected."""

    def share_read(self) -> float:
        height = self.sheet.total_height
        return min(self.read / height, 1.0) if height else 0.0

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """Every row of the sheet as (sheet row number, cell texts), without trailing empty cells."""
        # calamine 0.9 yields the rows from the sheet's first (blank ones above the data too), and
        # the cells from the first column holding data (test_import_reading holds both).
        _first_row, first_column = self.sheet.start or (0, 0)  # None: an empty sheet
        before = [""] * first_column
        text, plain = _text, str
        for offset, values in enumerate(self.sheet.iter_rows()):
            self.read = offset + 1
            cells = [value.strip() if type(value) is plain else text(value) for value in values]
            while cells and not cells[-1]:
                cells.pop()
            if not cells:
                yield offset + 1, cells
                continue
            if "'" in "".join(cells):  # rarely: the quote an export put before a formula
                cells = [cell[1:] if cell[:2] in QUOTED_FORMULA else cell for cell in cells]
            yield offset + 1, before + cells if first_column else cells
