"""Background tasks of the catalog. The Huey consumer imports ``<app>.tasks`` modules to register them."""

from .import_tasks import product_import_check, product_import_run

__all__ = ["product_import_check", "product_import_run"]
