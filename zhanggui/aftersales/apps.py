from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AftersalesConfig(AppConfig):
    name = "zhanggui.aftersales"
    label = "aftersales"
    verbose_name = _("After-sales")

    def ready(self) -> None:
        from zhanggui.core.audit import audit_actions_register

        from .constants import AUDIT_ACTIONS

        audit_actions_register(AUDIT_ACTIONS)

        # --- imports of platform requests (as-imports) ---
        from zhanggui.core.imports.registry import importer_register

        from .imports import IMPORTERS

        for importer in IMPORTERS.values():
            importer_register(importer)
