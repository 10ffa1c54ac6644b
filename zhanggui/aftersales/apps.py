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

        # as-feedback: the after-sales sections of the orders context's opening checklist
        from zhanggui.orders.selectors import checklist_section_register

        from .selectors.checklist import CHECKLIST_SECTIONS

        for section in CHECKLIST_SECTIONS:
            checklist_section_register(section)
