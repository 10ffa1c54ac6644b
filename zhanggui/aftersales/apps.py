from typing import Any

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

        # --- console: what after-sales shows on the order pages ---
        from zhanggui.core.slots import slot_badge_register, slot_panel_register

        from .views import slots

        slot_panel_register(slots.ORDER_PANELS, slots.order_panel)
        slot_badge_register(slots.ORDER_BADGES, slots.order_badges)
        # --- imports of platform requests ---
        from zhanggui.core.imports.registry import importer_register

        from .imports import IMPORTERS

        for importer in IMPORTERS.values():
            importer_register(importer)
        # --- the after-sales sections of the orders context's opening checklist ---
        from zhanggui.orders.selectors import checklist_section_register

        from .selectors.checklist import CHECKLIST_SECTIONS

        for section in CHECKLIST_SECTIONS:
            checklist_section_register(section)
        # --- the default reasons, again after a flush (tests) as Django restores its content types ---
        from django.db.models.signals import post_migrate

        post_migrate.connect(_reasons_seed, sender=self)


def _reasons_seed(sender: AppConfig, **kwargs: Any) -> None:
    from django.apps import apps as installed

    from .constants import default_reasons_add

    # ``migrate`` passes the migrated state's apps; ``flush`` passes none (the installed ones hold).
    default_reasons_add((kwargs.get("apps") or installed).get_model("aftersales", "Reason"))
