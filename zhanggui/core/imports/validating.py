"""The parts of an import that know nothing of jobs: columns, the header row, the error report, row checks."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, Any, Protocol

from django.utils.translation import gettext as _

from ..models import ImportJob
from ..uploads import CheckedUpload
from .reading import FILE, read_rows, upload_error

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
    """Errors by file row (1-based, the header is row 1) and column, with the header the user sees."""

    def __init__(self, columns: tuple[ImportColumn, ...], headers: dict[str, str]) -> None:
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

    def as_list(self, limit: int | None = None) -> list[dict[str, Any]]:
        ordered = sorted(self._errors, key=lambda e: (e[0], e[1]))[:limit]
        return [{"row": row, "field": header, "message": message} for row, _pos, header, message in ordered]


class RowValidator(Protocol):
    """Checks rows one by one (``row``), then across rows and against the database (``finish``)."""

    def row(self, number: int, cells: list[str]) -> None: ...

    def finish(self) -> Any:
        """Cross-row checks; returns what the importer's ``apply`` writes (ignored when there are errors)."""


class Importer(ABC):
    """One kind of import (products, orders…): its file layout, permission, checks and write."""

    kind: str = ""
    permission: str = ""
    audit_action: str = ""
    columns: tuple[ImportColumn, ...] = ()

    @abstractmethod
    def validator(self, *, by: Any, header: HeaderMap, report: ErrorReport) -> RowValidator: ...

    @abstractmethod
    def apply(self, *, by: Any, job: ImportJob, data: Any) -> dict[str, Any]:
        """Write the validated rows set-wise; runs inside the job's single transaction. Returns counts."""

    @abstractmethod
    def enqueue_check(self, job_id: int) -> None:
        """Schedule the background check of ``import_job_check`` for the job (the preview)."""

    @abstractmethod
    def enqueue_run(self, job_id: int) -> None:
        """Schedule the background run of ``import_job_run`` for the job (the import itself)."""


# --- header ----------------------------------------------------------------------------------


def map_header(columns: tuple[ImportColumn, ...], cells: list[str], row: int) -> tuple[HeaderMap, ErrorReport]:
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
    report = ErrorReport(columns, headers)
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


def import_validate(
    importer: Importer,
    *,
    by: Any,
    stream: IO[bytes],
    upload: CheckedUpload,
    progress: Callable[[int, float], None] | None = None,
) -> Validation:
    """Parse and check every row; reads the database but writes nothing.

    ``progress`` is called every PROGRESS_EVERY rows with the rows checked and the share of the
    file read so far (from 0 to 1).
    """
    rows = read_rows(stream, upload)
    try:
        first = next(rows, None)
        if first is None:
            raise upload_error(_("The file has no rows."))
        header, report = map_header(importer.columns, first[1], first[0])
        if report:
            return Validation(total_rows=sum(1 for _row in rows), error_count=len(report), errors=report.as_list())
        validator = importer.validator(by=by, header=header, report=report)
        check = validator.row
        width = header.width + 1
        total = 0
        for number, cells in rows:
            if len(cells) < width:
                cells.extend([""] * (width - len(cells)))
            check(number, cells)
            total += 1
            if progress is not None and total % PROGRESS_EVERY == 0:
                progress(total, rows.share_read())
    finally:
        rows.close()
    if total == 0:
        raise upload_error(_("The file has a header row but no data rows."))
    data = validator.finish()
    errors = len(report)
    return Validation(
        total_rows=total, error_count=errors, errors=report.as_list(ERRORS_KEPT), data=None if errors else data
    )
