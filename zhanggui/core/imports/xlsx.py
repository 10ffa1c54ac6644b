"""Reading the first worksheet of an XLSX upload with the standard library's C XML parser.

Safety: every XML part is read through ``_GuardedPart``, which refuses the part as soon as its bytes
contain a document type or entity declaration (``<!DOCTYPE``, ``<!ENTITY``) — before the parser sees
them — and the parser is told the part is UTF-8, so no other encoding can spell those bytes
differently. Without a DTD there are no entities to expand (billion laughs) and no external
entities to fetch, which is what defusedxml guards against. The zip's member count and unpacked
size are checked before (``core.uploads.check_upload``), and ``zipfile`` never inflates a part
beyond its declared size.

Speed: parts are streamed through ElementTree's C parser (expat, what ``iterparse`` uses), each
finished row is read straight from its elements and cleared, and shared strings are cleaned once
when they are loaded. Most of the remaining time is expat building the elements; the figures are
in bench/README.md.
"""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Iterator
from typing import IO
from xml.etree.ElementTree import Element, XMLParser

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
PACKAGE_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
DOCUMENT_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_ROW, _CELL, _VALUE, _INLINE = f"{MAIN}row", f"{MAIN}c", f"{MAIN}v", f"{MAIN}is"
_TEXT, _RUN_TEXT, _STRING_ITEM = f"{MAIN}t", f"{MAIN}r/{MAIN}t", f"{MAIN}si"
_SHEET, _WORKBOOK_PROPERTIES = f"{MAIN}sheet", f"{MAIN}workbookPr"
_NUMBER_FORMATS, _CELL_FORMATS = f"{MAIN}numFmts", f"{MAIN}cellXfs"

_REFUSED = (b"<!DOCTYPE", b"<!ENTITY")
_OVERLAP = max(len(marker) for marker in _REFUSED) - 1  # a marker split between two reads is still seen
_FEED = 4096  # bytes fed to the parser at a time
_DIGITS = "0123456789"
_EXCEL_DIGITS = 15  # Excel shows numbers with 15 significant digits (89.910000000000011 → 89.91)
# Exports prefix formula-like text with ' (see core.exports); reading it back removes the quote.
QUOTED_FORMULA = frozenset({"'=", "'+", "'-", "'@"})


class UnreadableWorkbook(Exception):
    """The package is not a workbook this reader can read, or an XML part is refused as unsafe."""


class NoWorksheet(UnreadableWorkbook):
    """The workbook has no worksheet."""


def clean_text(text: str) -> str:
    """A text cell as the import sees it: stripped, without the quote an export put before a formula."""
    text = text.strip()
    return text[1:] if text[:2] in QUOTED_FORMULA else text


class _GuardedPart:
    """A package part handed to the XML parser, refused if it declares a DTD or entities."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw
        self.tail = b""
        self.consumed = 0

    def read(self, size: int = -1) -> bytes:
        chunk = self.raw.read(size)
        window = self.tail + chunk
        if any(marker in window for marker in _REFUSED):
            raise UnreadableWorkbook("the part declares a DTD or entities")
        self.tail = window[-_OVERLAP:]
        self.consumed += len(chunk)
        return chunk


def _end_events(part: _GuardedPart) -> Iterator[list[tuple[str, Element]]]:
    """The elements of a part as they end, a batch per small read: ElementTree's C parser (expat),
    told the part is UTF-8.

    The parser reports into a plain list (``_setevents``, what ``XMLPullParser`` uses inside)
    rather than through ``iterparse``'s generators, and is fed 4 KiB at a time so the elements
    of a batch are still in the CPU's cache when they are read and cleared (faster than ``iterparse``).
    """
    parser = XMLParser(encoding="utf-8")  # noqa: S314 - the part is guarded: no DTD, no entities (see above)
    events: list[tuple[str, Element]] = []
    parser._setevents(events, ("end",))  # type: ignore[attr-defined]
    while chunk := part.read(_FEED):
        parser.feed(chunk)
        yield events
        events.clear()
    parser.close()
    yield events


def _elements(part: _GuardedPart) -> Iterator[Element]:
    """Each element of a (small) part as it ends."""
    for batch in _end_events(part):
        for _event, element in batch:
            yield element


class Workbook:
    """An opened XLSX package: where its first worksheet is, its shared strings and date styles."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.archive = zipfile.ZipFile(stream)
        self._sheet: _GuardedPart | None = None
        try:
            self._locate()
            self.strings = self._shared_strings()
            self.date_styles, self.duration_styles = self._date_styles()
        except Exception:
            self.archive.close()
            raise

    def close(self) -> None:
        self.archive.close()

    def _part(self, name: str) -> _GuardedPart:
        try:
            return _GuardedPart(self.archive.open(name))
        except KeyError as exc:
            raise UnreadableWorkbook(f"missing part {name}") from exc

    def _relations(self, part_name: str) -> dict[str, tuple[str, str]]:
        """A part's relationships: id → (type, target part name); none if it has no relationship part."""
        folder, name = posixpath.split(part_name)
        rels_name = posixpath.join(folder, "_rels", f"{name}.rels")
        if rels_name not in self.archive.NameToInfo:
            return {}
        relations = {}
        for element in _elements(self._part(rels_name)):
            if element.tag == PACKAGE_RELS and element.get("TargetMode") != "External":
                target = element.get("Target", "")
                path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
                relations[element.get("Id", "")] = (element.get("Type", ""), posixpath.normpath(path))
        return relations

    def _locate(self) -> None:
        documents = [t for kind, t in self._relations("").values() if kind.endswith("/officeDocument")]
        self.workbook_part = documents[0] if documents else "xl/workbook.xml"
        relations = self._relations(self.workbook_part)
        self.epoch = CALENDAR_WINDOWS_1900
        sheets: list[str] = []
        for element in _elements(self._part(self.workbook_part)):
            if element.tag == _SHEET:
                kind, target = relations.get(element.get(DOCUMENT_REL_ID, ""), ("", ""))
                if kind.endswith("/worksheet"):
                    sheets.append(target)
            elif element.tag == _WORKBOOK_PROPERTIES and element.get("date1904") in ("1", "true"):
                self.epoch = CALENDAR_MAC_1904
        if not sheets or sheets[0] not in self.archive.NameToInfo:
            raise NoWorksheet()
        self.sheet_part = sheets[0]
        self.strings_part = next((t for kind, t in relations.values() if kind.endswith("/sharedStrings")), None)
        self.styles_part = next((t for kind, t in relations.values() if kind.endswith("/styles")), None)

    def _shared_strings(self) -> list[str]:
        """The shared strings, cleaned like every text cell (phonetic runs <rPh> are not text)."""
        if self.strings_part is None:
            return []
        strings = []
        for batch in _end_events(self._part(self.strings_part)):
            for _event, item in batch:
                if item.tag != _STRING_ITEM:
                    continue
                if len(item) == 1 and item[0].tag == _TEXT:
                    text = item[0].text or ""
                else:
                    plain = [t.text or "" for t in item if t.tag == _TEXT]
                    text = "".join(plain + [t.text or "" for t in item.iterfind(_RUN_TEXT)])
                strings.append(clean_text(text))
                item.clear()
        return strings

    def _date_styles(self) -> tuple[frozenset[str], frozenset[str]]:
        """The style ids (as written in cells) whose number format shows a date, and those showing a duration."""
        if self.styles_part is None:
            return frozenset(), frozenset()
        codes: dict[str, str] = {str(k): v for k, v in BUILTIN_FORMATS.items()}
        format_ids: list[str] = []
        for element in _elements(self._part(self.styles_part)):
            if element.tag == _NUMBER_FORMATS:
                codes.update({f.get("numFmtId", ""): f.get("formatCode", "") for f in element})
            elif element.tag == _CELL_FORMATS:
                format_ids = [xf.get("numFmtId", "0") for xf in element]
        dates = {str(i) for i, f in enumerate(format_ids) if is_date_format(codes.get(f))}
        durations = {str(i) for i, f in enumerate(format_ids) if is_timedelta_format(codes.get(f))}
        return frozenset(dates), frozenset(durations)

    def share_read(self) -> float:
        """How much of the worksheet has been read, from 0 to 1."""
        size = self.archive.getinfo(self.sheet_part).file_size
        return min(self._sheet.consumed / size, 1.0) if self._sheet is not None and size else 0.0

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """Every row of the first worksheet as (sheet row number, cell texts); missing cells are ""."""
        part = self._sheet = self._part(self.sheet_part)
        strings, typed, inline_text = self.strings, self._typed_text, _inline_text
        columns: dict[str, int] = {}
        number = 0
        for batch in _end_events(part):
            for _event, row in batch:
                if row.tag != _ROW:
                    continue
                given = row.get("r")
                number = int(given) if given else number + 1
                cells: list[str] = []
                for cell in row:
                    # The usual cells first, inline: shared strings, inline strings, plain numbers.
                    kind = cell.get("t")
                    if kind == "s":
                        text = strings[int(cell.findtext(_VALUE))]  # type: ignore[arg-type]
                    elif kind == "inlineStr":
                        inline = cell.find(_INLINE)
                        if inline is not None and len(inline) == 1 and inline[0].tag == _TEXT:
                            text = (inline[0].text or "").strip()
                            if text[:2] in QUOTED_FORMULA:
                                text = text[1:]
                        else:  # rich text, or nothing
                            text = inline_text(inline)
                    else:
                        text = cell.findtext(_VALUE) or ""
                        if text and (kind is not None or len(text) > _EXCEL_DIGITS or cell.get("s") is not None):
                            text = typed(text, kind, cell.get("s"))
                    reference = cell.get("r")
                    if reference is not None:
                        letters = reference.rstrip(_DIGITS)
                        index = columns.get(letters)
                        if index is None:
                            index = columns[letters] = column_index(letters)
                        if index != len(cells):
                            if index < len(cells):  # out of order: the later cell wins, as in Excel
                                cells[index] = text
                                continue
                            cells.extend([""] * (index - len(cells)))
                    cells.append(text)
                row.clear()
                yield number, cells

    def _typed_text(self, text: str, kind: str | None, style: str | None) -> str:
        if kind is None or kind == "n":
            if style is not None and style in self.date_styles:
                value = from_excel(float(text), self.epoch, timedelta=style in self.duration_styles)
                return value.strftime("%Y-%m-%d %H:%M:%S") if hasattr(value, "strftime") else str(value)
            if len(text) > _EXCEL_DIGITS and not text.isdigit():
                return format(float(text), f".{_EXCEL_DIGITS}g")
            return text
        if kind == "b":
            return "TRUE" if text == "1" else "FALSE"
        return clean_text(text)  # "str" (a formula's text), "e" (an error such as #N/A), "d" (ISO date)


def _inline_text(inline: Element | None) -> str:
    if inline is None:
        return ""
    plain = [t.text or "" for t in inline if t.tag == _TEXT]  # one <t>, or else rich-text runs <r><t>
    return clean_text("".join(plain + [t.text or "" for t in inline.iterfind(_RUN_TEXT)]))


def column_index(letters: str) -> int:
    """0 for A, 25 for Z, 26 for AA…; ValueError for anything that is not a column name."""
    if not letters or len(letters) > 3 or not letters.isascii() or not letters.isalpha():
        raise ValueError(f"not a column: {letters!r}")
    index = 0
    for letter in letters.upper():
        index = index * 26 + ord(letter) - 64
    return index - 1
