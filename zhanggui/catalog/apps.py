from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "zhanggui.catalog"
    label = "catalog"
    verbose_name = _("Catalog")

    def ready(self) -> None:
        from zhanggui.core.audit import audit_actions_register

        from .constants import AUDIT_ACTIONS

        audit_actions_register(AUDIT_ACTIONS)
        from zhanggui.core.imports.registry import importer_register

        from .imports import PRODUCT_IMPORT

        importer_register(PRODUCT_IMPORT)
