"""Product file import and export (XLSX/CSV), built on ``zhanggui.core.imports``.

Views, the API and the background task use these functions; the file layout is in ``columns``.
"""

from .exporting import EXPORT_FORMATS, product_export
from .products import (
    PRODUCT_IMPORT,
    product_import_confirm,
    product_import_get,
    product_import_list,
    product_import_preview,
    product_import_retry,
    product_import_template,
)

__all__ = [
    "EXPORT_FORMATS",
    "PRODUCT_IMPORT",
    "product_export",
    "product_import_confirm",
    "product_import_get",
    "product_import_list",
    "product_import_preview",
    "product_import_retry",
    "product_import_template",
]
