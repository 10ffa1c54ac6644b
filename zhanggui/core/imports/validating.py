"""The parts of an import that know nothing of jobs: columns, the header row, the error report, row checks."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, Any, Protocol

from django.utils.translation import gettext as _

from ..actors import Actor
from ..exceptions import ValidationFailed
from ..models import ImportJob
from ..uploads import CheckedUpload
from .reading import FILE, Rows, read_rows, upload_error

ERRORS_KEPT = 200  # errors stored on the job (and shown); error_count holds the total
PROGRESS_EVERY = 5000  # rows between progress updates


@dataclass(frozen=True)
class ImportColumn:
    """One column of an import file: the header merchants write, and the aliases also accepted."""

    key: str
    header: str
    aliases: tuple[str, ...] = ()
    required: bool = False  # the header row must have it

    def names(self) -> list[str]:
        return [_header_key(n) for n in (self.header, *self.aliases)]


def _header_key(text: str) -> str:
    return "".join(str(text).split()).lower().replace("_", "").lstrip("*")


@dataclass
class HeaderMap:
    """Where each column is in a row; missing columns point at a trailing always-empty cell."""

    index: dict[str, int]
    headers: dict[str, str]  # column key → the header the user sees in the file
    width: int  # rows are padded to width + 1 cells


class ErrorReport:
    """Errors by file row (1-based, the header is row 1) and column, with the header the user sees.

    ``file`` names the file in each error when an import reads two (e.g. Taobao's orders and lines).
    """

    def __init__(self, columns: tuple[ImportColumn, ...], headers: dict[str, str], file: str = "") -> None:
        self.file = file
        self._position = {c.key: i for i, c in enumerate(columns)}
        self._headers = {c.key: c.header for c in columns} | headers | {FILE: FILE}
        self._errors: list[tuple[int, int, str, str]] = []
        self.count = 0  # len(report), read per row by validators without a call

    def add(self, row: int, key: str, message: str) -> None:
        position = self._position.get(key, len(self._position))
        self._errors.append((row, position, self._headers.get(key, key), str(message)))
        self.count += 1

    def __len__(self) -> int:
        return self.count

    def problems(self) -> dict[int, list[str]]:
        """Every error by row, as "column: problem" texts in column order."""
        by_row: dict[int, list[str]] = {}
        for row, _position, header, message in sorted(self._errors, key=lambda e: (e[0], e[1])):
            by_row.setdefault(row, []).append(f"{header}: {message}")
        return by_row

    def as_list(self, limit: int | None = None) -> list[dict[str, Any]]:
        ordered = sorted(self._errors, key=lambda e: (e[0], e[1]))[:limit]
        named = {"file": self.file} if self.file else {}
        return [{**named, "row": row, "field": header, "message": message} for row, _pos, header, message in ordered]


class RowValidator(Protocol):
    """Checks rows one by one (``row``), then across rows and against the database (``finish``)."""

    def row(self, number: int, cells: list[str]) -> None: ...

    def finish(self) -> Any:
        """Cross-row checks; returns what the importer's ``apply`` writes (ignored when there are errors)."""


class PairRowValidator(RowValidator, Protocol):
    """A validator of an import read from two files: after the first file's rows, the companion's."""

    def companion(self, header: HeaderMap, report: ErrorReport) -> Callable[[int, list[str]], None]:
        """The row check of the companion file, reporting into its own report."""


class Importer(ABC):
    """One kind of import (products, orders…): its file layout, permission, checks and write.

    An import of two files (e.g. orders and their lines) declares ``companion_columns``; its
    validator is then a ``PairRowValidator``.
    """

    kind: str = ""
    permission: str = ""
    audit_action: str = ""
    columns: tuple[ImportColumn, ...] = ()
    companion_columns: tuple[ImportColumn, ...] = ()  # the second file's columns; empty for one file

    def layout(self, job: ImportJob | None) -> tuple[ImportColumn, ...]:
        """The columns of the job's file (an import whose layout is saved per store overrides this)."""
        return self.columns

    @property
    def paired(self) -> bool:
        return bool(self.companion_columns)

    def row_group(self, header: HeaderMap, *, companion: bool = False) -> Callable[[list[str]], str] | None:
        """The key of the rows that stand or fall together (an order's lines), read from a row's cells.

        When the uploader chooses to skip invalid rows, every row of a group with an invalid row is
        left out too (in both files of a pair: the key is shared). None: each row stands alone.
        """
        return None

    @abstractmethod
    def validator(
        self, *, by: Actor, header: HeaderMap, report: ErrorReport, job: ImportJob | None
    ) -> RowValidator: ...

    @abstractmethod
    def apply(self, *, by: Actor, job: ImportJob, data: Any) -> dict[str, Any]:
        """Write the validated rows set-wise; runs inside the job's single transaction. Returns counts."""


# --- header ----------------------------------------------------------------------------------


def map_header(
    columns: tuple[ImportColumn, ...], cells: list[str], row: int, *, file: str = ""
) -> tuple[HeaderMap, ErrorReport]:
    """Find each column by its header or an alias; report missing required and repeated columns."""
    lookup = {name: column for column in columns for name in column.names()}
    index: dict[str, int] = {}
    headers: dict[str, str] = {}
    repeated: list[str] = []
    for position, text in enumerate(cells):
        column = lookup.get(_header_key(text)) if text else None
        if column is None:
            continue
        if column.key in index:
            repeated.append(column.key)
            continue
        index[column.key] = position
        headers[column.key] = text
    width = len(cells)
    report = ErrorReport(columns, headers, file)
    for column in columns:
        if column.key in repeated:
            report.add(row, column.key, _("This column appears more than once."))
        if column.key not in index:
            index[column.key] = width
            if column.required:
                report.add(row, column.key, _("This column is missing."))
    return HeaderMap(index=index, headers=headers, width=width), report


# --- validating ------------------------------------------------------------------------------


@dataclass
class Validation:
    total_rows: int
    error_count: int
    errors: list[dict[str, Any]] = field(default_factory=list)  # the first ERRORS_KEPT
    data: Any = None  # what ``Importer.apply`` writes; None when there are errors
    # Every row was read and checked: the errors are the rows' own (not the header's or the file's),
    # so the rows with errors can be left out (``skipping``).
    skippable: bool = False
    reports: list[ErrorReport] = field(default_factory=list)  # one per file, every error
    headers: list[list[str]] = field(default_factory=list)  # each file's header row, as read
    kinds: list[str] = field(default_factory=list)  # each file's type (xlsx, csv)
    # Per file, the rows a skipping check left out: (row, cells, what was wrong with it).
    left_out: list[list[tuple[int, list[str], str]]] = field(default_factory=list)

    @property
    def left_out_rows(self) -> int:
        return sum(map(len, self.left_out))


# Rows left out of a check (``skipping``): given a file's index (1: a pair's companion) and header,
# the test of its rows (row, cells) that keeps a row out of the check when it answers True.
RowFilter = Callable[[int, list[str]], bool]
LeaveOut = Callable[[int, HeaderMap], RowFilter]


@dataclass
class ImportFile:
    """One checked file of an import, and the name its errors are reported under (pairs only)."""

    stream: IO[bytes]
    upload: CheckedUpload
    name: str = ""


Progress = Callable[[int, float], None]


def _check_rows(
    rows: Rows,
    check: Callable[[int, list[str]], None],
    width: int,
    progress: Progress | None,
    leave_out: RowFilter | None = None,
) -> int:
    """Run ``check`` over the rows, padded to ``width`` cells, but those ``leave_out`` keeps; the number of rows."""
    total = 0
    for number, cells in rows:
        if len(cells) < width:
            cells.extend([""] * (width - len(cells)))
        total += 1
        if leave_out is None or not leave_out(number, cells):
            check(number, cells)
        if progress is not None and total % PROGRESS_EVERY == 0:
            progress(total, rows.share_read())
    return total


def _first(rows: Rows) -> tuple[int, list[str]]:
    first = next(rows, None)
    if first is None:
        raise upload_error(_("The file has no rows."))
    return first


def _scaled(progress: Progress | None, *, rows_before: int, start: float, part: float) -> Progress | None:
    """Progress of one file of a pair: its rows after ``rows_before``, its share within ``part`` of the bar."""
    if progress is None:
        return None
    return lambda rows, read: progress(rows_before + rows, start + read * part)


def import_validate(
    importer: Importer,
    *,
    by: Actor,
    stream: IO[bytes],
    upload: CheckedUpload,
    progress: Progress | None = None,
    job: ImportJob | None = None,
    companion: ImportFile | None = None,
    name: str = "",
    leave_out: LeaveOut | None = None,
) -> Validation:
    """Parse and check every row (of both files of a pair); reads the database but writes nothing.

    ``progress`` is called every PROGRESS_EVERY rows with the rows checked and the share of the
    file(s) read so far (from 0 to 1). A pair's errors name their file (``name``, ``companion.name``).
    Rows ``leave_out`` keeps (``skipping``) are counted but not checked.
    """
    part = 0.5 if companion is not None else 1.0  # of the progress bar taken by the first file
    rows = read_rows(stream, upload)
    try:
        number, cells = _first(rows)
        header, report = map_header(importer.layout(job), cells, number, file=name if companion else "")
        if report:
            total = sum(1 for _row in rows) + (_count_rows(companion) if companion is not None else 0)
            return Validation(total_rows=total, error_count=len(report), errors=report.as_list())
        validator = importer.validator(by=by, header=header, report=report, job=job)
        scaled = _scaled(progress, rows_before=0, start=0.0, part=part)
        left_out = leave_out(0, header) if leave_out is not None else None
        total = _check_rows(rows, validator.row, header.width + 1, scaled, left_out)
    finally:
        rows.close()
    reports, headers = [report], [cells]
    if companion is not None:
        scaled = _scaled(progress, rows_before=total, start=0.5, part=0.5)
        added, second, header_ok, second_header = _check_companion(
            importer,
            validator,  # type: ignore[arg-type]
            companion,
            scaled,
            leave_out,
        )
        total += added
        if not header_ok:
            return Validation(total_rows=total, error_count=len(second), errors=second.as_list())
        reports.append(second)
        headers.append(second_header)
    if total == 0:
        raise upload_error(_("The file has a header row but no data rows."))
    data = validator.finish()
    errors = sum(len(r) for r in reports)
    kept = [error for r in reports for error in r.as_list(ERRORS_KEPT)][:ERRORS_KEPT]
    return Validation(
        total_rows=total,
        error_count=errors,
        errors=kept,
        data=None if errors else data,
        skippable=True,
        reports=reports,
        headers=headers,
        kinds=[upload.kind, *([companion.upload.kind] if companion is not None else [])],
    )


def _count_rows(file: ImportFile) -> int:
    rows = read_rows(file.stream, file.upload)
    try:
        return max(sum(1 for _row in rows) - 1, 0)
    finally:
        rows.close()


def _check_companion(
    importer: Importer,
    validator: PairRowValidator,
    file: ImportFile,
    progress: Progress | None,
    leave_out: LeaveOut | None,
) -> tuple[int, ErrorReport, bool, list[str]]:
    """Check the companion file's rows: (rows, its report, whether its header was right, the header)."""
    try:
        rows = read_rows(file.stream, file.upload)
        try:
            number, cells = _first(rows)
            header, report = map_header(importer.companion_columns, cells, number, file=file.name)
            if report:
                return sum(1 for _row in rows), report, False, cells
            check = validator.companion(header, report)
            left_out = leave_out(1, header) if leave_out is not None else None
            return _check_rows(rows, check, header.width + 1, progress, left_out), report, True, cells
        finally:
            rows.close()
    except ValidationFailed as exc:  # the second file as a whole cannot be read: say which file
        raise upload_error(_("%(file)s: %(message)s") % {"file": file.name, "message": exc.message}) from exc
