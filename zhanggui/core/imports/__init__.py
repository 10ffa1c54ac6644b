"""Reusable machinery for spreadsheet imports: read, map headers, check rows, preview, confirm, run.

An import goes: upload (``import_job_create``: the file is checked by content and stored; the job
is ``checking``) → background check (``import_job_check``: every row parsed and validated, nothing
else written; the job is ``previewed`` with its error report) → confirm (``import_job_confirm``:
previewed → queued, once) → background run (``import_job_run``: validated again, then written in
ONE transaction together with the job's ``done`` status and one audit row holding the counts).

An app declares an ``Importer``: its columns, its permission, a row validator, a set-based
``apply``, and how its check and run are queued. An import of two files (e.g. Taobao's orders
and their lines) declares ``companion_columns``: both are uploaded, checked and applied together.
``reading`` and ``xlsx`` read the files, ``validating`` checks rows, ``jobs`` runs the job's life,
``skipping`` imports the valid rows of a file with errors when the uploader chooses so.
"""

from .jobs import (
    COMPANION,
    import_job_can_retry,
    import_job_check,
    import_job_confirm,
    import_job_create,
    import_job_get,
    import_job_list,
    import_job_retry,
    import_job_run,
    import_job_sample,
    import_template_file,
)
from .skipping import import_job_rejects
from .validating import (
    ERRORS_KEPT,
    PROGRESS_EVERY,
    ErrorReport,
    HeaderMap,
    ImportColumn,
    Importer,
    ImportFile,
    PairRowValidator,
    RowValidator,
    Validation,
    import_validate,
    map_header,
)

__all__ = [
    "COMPANION",
    "ERRORS_KEPT",
    "PROGRESS_EVERY",
    "ErrorReport",
    "HeaderMap",
    "ImportColumn",
    "ImportFile",
    "Importer",
    "PairRowValidator",
    "RowValidator",
    "Validation",
    "import_job_can_retry",
    "import_job_check",
    "import_job_confirm",
    "import_job_create",
    "import_job_get",
    "import_job_list",
    "import_job_rejects",
    "import_job_retry",
    "import_job_run",
    "import_job_sample",
    "import_template_file",
    "import_validate",
    "map_header",
]
