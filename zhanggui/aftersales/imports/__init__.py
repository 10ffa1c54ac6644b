"""After-sales imports from platform export files (Taobao/Tmall refunds, JD service orders, generic)."""

from .formats import FORMAT_LABELS, GENERIC, GENERIC_FIELDS, JD, JD_COLUMNS, TAOBAO, TAOBAO_COLUMNS
from .platform import (
    BY_KIND,
    IMPORTERS,
    KINDS,
    case_import_confirm,
    case_import_get,
    case_import_list,
    case_import_mapping_clean,
    case_import_mapping_last,
    case_import_retry,
    case_import_upload,
)

__all__ = [
    "BY_KIND",
    "FORMAT_LABELS",
    "GENERIC",
    "GENERIC_FIELDS",
    "IMPORTERS",
    "JD",
    "JD_COLUMNS",
    "KINDS",
    "TAOBAO",
    "TAOBAO_COLUMNS",
    "case_import_confirm",
    "case_import_get",
    "case_import_list",
    "case_import_mapping_clean",
    "case_import_mapping_last",
    "case_import_retry",
    "case_import_upload",
]
