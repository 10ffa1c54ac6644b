"""Importing the valid rows of a file with errors, on the uploader's choice, and giving back the rest.

The default stays all or nothing. When the uploader chooses to skip invalid rows, the rows with
errors are left out together with the rows that belong with them (``Importer.row_group``: an
order's other lines, a product's other SKUs), and the file is checked again without them; a
check that finds new errors (a row that only made sense with a left-out one) leaves those out too,
until the rest passes. The rows left out are written back in the uploaded format (CSV or XLSX,
each file of a pair on its own) with one more column naming the problems, to be corrected and
imported again.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import PurePath
from typing import Any

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from ..actors import Actor
from ..audit import audit_record
from ..exceptions import NotFoundError
from ..exports import XLSX, ExportFile, neutralise, workbook_bytes
from ..models import ImportJob
from ..permissions import require_perm, require_store_access
from ..uploads import CSV
from .reading import read_rows
from .registry import importer_for_kind
from .validating import HeaderMap, Importer, ImportFile, RowFilter, Validation, import_validate, map_header

PASSES = 5  # checks without the rows left out so far, before the errors are taken as they are
LeftOut = list[tuple[int, list[str], Any]]  # (row, cells, key) of one file


def import_validate_skipping(
    importer: Importer, *, first: Validation, by: Actor, files: list[ImportFile], job: ImportJob | None
) -> Validation:
    """``first`` (a check of every row) done again without the invalid rows and those belonging with them.

    The answer has no errors and the data of the rows kept, with the rows left out (and what was
    wrong with each) in ``left_out``; or, when the errors are not the rows' own (the header, the
    file) or rows keep failing, the last check's errors.
    """
    validation = first
    left_out: set[Any] = set()
    problems: list[dict[int, list[str]]] = [{} for _file in files]
    blamed: dict[Any, tuple[int, int]] = {}  # key → (file index, row) of its first invalid row
    kept: list[LeftOut] = []
    for _pass in range(PASSES):
        if not validation.error_count or not validation.skippable:
            break
        found = [report.problems() for report in validation.reports]
        for index, by_row in enumerate(found):
            for row, texts in by_row.items():
                problems[index].setdefault(row, []).extend(texts)
        keys = _keys_of_rows(importer, files, [set(by_row) for by_row in found], job)
        if keys.keys() <= left_out:
            break  # nothing more to leave out: the errors stay
        for key, place in keys.items():
            blamed.setdefault(key, place)
        left_out |= keys.keys()
        kept = [[] for _file in files]
        validation = _validate(importer, by=by, files=files, job=job, leave_out=_leaver(importer, left_out, kept))
    if validation.error_count:
        return validation
    validation.left_out = [
        [(row, cells, _problems(problems[index].get(row), blamed[key], index, files)) for row, cells, key in rows]
        for index, rows in enumerate(kept)
    ]
    return validation


def _problems(own: list[str] | None, blamed: tuple[int, int], index: int, files: list[ImportFile]) -> str:
    if own:
        return "; ".join(own)
    file_index, row = blamed
    if file_index == index or len(files) == 1:
        return _("Not imported: it belongs with row %(row)s, which has errors.") % {"row": row}
    message = _("Not imported: it belongs with row %(row)s of %(file)s, which has errors.")
    return message % {"row": row, "file": files[file_index].name}


def _validate(
    importer: Importer, *, by: Actor, files: list[ImportFile], job: ImportJob | None, leave_out: Any
) -> Validation:
    first, *second = files
    return import_validate(
        importer,
        by=by,
        stream=first.stream,
        upload=first.upload,
        job=job,
        name=first.name,
        companion=second[0] if second else None,
        leave_out=leave_out,
    )


def _key_of(importer: Importer, header: HeaderMap, index: int) -> Callable[[int, list[str]], Any]:
    """A row's key: its group's (shared by both files of a pair), else its own (file, row)."""
    group = importer.row_group(header, companion=index == 1)
    if group is None:
        return lambda number, cells: (index, number)
    return lambda number, cells: group(cells)


def _keys_of_rows(
    importer: Importer, files: list[ImportFile], rows: list[set[int]], job: ImportJob | None
) -> dict[Any, tuple[int, int]]:
    """The keys of the given rows of each file, each with the first (file index, row) giving it."""
    keys: dict[Any, tuple[int, int]] = {}
    for index, (file, wanted) in enumerate(zip(files, rows, strict=False)):
        if not wanted:
            continue
        columns = importer.companion_columns if index == 1 else importer.layout(job)
        found = read_rows(file.stream, file.upload)
        try:
            number, cells = next(found)
            header, _report = map_header(columns, cells, number)
            key_of = _key_of(importer, header, index)
            width = header.width + 1
            for number, cells in found:
                if number in wanted:
                    cells.extend([""] * (width - len(cells)))
                    keys.setdefault(key_of(number, cells), (index, number))
        finally:
            found.close()
    return keys


def _leaver(importer: Importer, left_out: set[Any], kept: list[LeftOut]) -> Callable[[int, HeaderMap], RowFilter]:
    """For each file, the test that leaves out (and keeps, for the rejects file) rows whose key is in ``left_out``."""

    def for_file(index: int, header: HeaderMap) -> RowFilter:
        key_of, rows = _key_of(importer, header, index), kept[index]

        def leave(number: int, cells: list[str]) -> bool:
            key = key_of(number, cells)
            if key in left_out:
                rows.append((number, list(cells), key))
                return True
            return False

        return leave

    return for_file


# --- the rejects file ------------------------------------------------------------------------------


def rejects_content(kind: str, header: list[str], rows: list[tuple[int, list[str], str]]) -> bytes:
    """The rows left out of one file, under its header, with the problems in one more column.

    Cells are written as text (codes keep their leading zeros) and formula-like text gets the
    quote the reader removes again, so the corrected file imports like the original.
    """
    width = len(header)
    while width and not header[width - 1]:
        width -= 1
    lines = [[neutralise(cell) for cell in header[:width]] + [_("Import errors")]]
    for _row, cells, problem in rows:
        lines.append([neutralise(cell) for cell in (cells + [""] * width)[:width]] + [problem])
    if kind == CSV:
        text = io.StringIO()
        csv.writer(text).writerows(lines)
        return ("\ufeff" + text.getvalue()).encode()
    return workbook_bytes(lines)


def rejects_save(job: ImportJob, validation: Validation) -> None:
    """Store the rejects file of each file of the job (of both of a pair) on the job; not saved here."""
    targets = [(job.rejects_file, job.original_name), (job.companion_rejects_file, job.companion_name)]
    files = zip(targets, validation.kinds, validation.headers, validation.left_out, strict=False)
    for (target, name), kind, header, rows in files:
        stem = PurePath(name).stem or "import"
        target.save(f"{stem}-rejects.{kind}", ContentFile(rejects_content(kind, header, rows)), save=False)


def import_job_rejects(*, user: Actor, job: ImportJob, companion: bool = False) -> ExportFile:
    """The rows a skipping import left out of its file (or of the pair's second file), to correct.

    Only the uploader's own job (the caller found it through ``import_job_get``); the download is
    audited like an export, with the file's row count, since it holds the file's data as uploaded.
    """
    importer = importer_for_kind(job.kind)
    if importer is None:
        raise NotFoundError()
    require_perm(user, importer.permission)
    if job.store_id is not None:
        require_store_access(user, job.store_id)
    stored = job.companion_rejects_file if companion else job.rejects_file
    if job.created_by_id != user.pk or not stored:
        raise NotFoundError()
    try:
        with stored.open("rb") as handle:
            content = handle.read()
    except OSError as exc:
        raise NotFoundError() from exc
    name = PurePath(stored.name or "").name
    audit_record(
        actor=user,
        action="core.import.rejects_download",
        obj=job,
        after={"file": name, "rows": (job.result.get("skipped_by_file") or [0, 0])[1 if companion else 0]},
    )
    kind = "xlsx" if name.endswith(".xlsx") else CSV
    return ExportFile(name=name, content_type=XLSX if kind == "xlsx" else "text/csv; charset=utf-8", content=content)
