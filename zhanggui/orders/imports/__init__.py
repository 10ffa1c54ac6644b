"""Order imports from platform export files (Taobao/Tmall pair, JD, generic with a saved mapping).

Built on ``zhanggui.core.imports``; views, the API and the background tasks use these functions.
``order_import_file`` runs a whole import from files on disk (scripts, ``bench/order_import.py``).
"""

from .formats import FORMAT_LABELS, GENERIC, GENERIC_FIELDS, JD, TAOBAO
from .orders import (
    BY_KIND,
    IMPORTERS,
    KINDS,
    order_file_headers,
    order_import_confirm,
    order_import_file,
    order_import_get,
    order_import_list,
    order_import_mapping_get,
    order_import_mapping_save,
    order_import_retry,
    order_import_upload,
)

__all__ = [
    "BY_KIND",
    "FORMAT_LABELS",
    "GENERIC",
    "GENERIC_FIELDS",
    "IMPORTERS",
    "JD",
    "KINDS",
    "TAOBAO",
    "order_file_headers",
    "order_import_confirm",
    "order_import_file",
    "order_import_get",
    "order_import_list",
    "order_import_mapping_get",
    "order_import_mapping_save",
    "order_import_retry",
    "order_import_upload",
]
