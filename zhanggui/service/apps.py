from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServiceConfig(AppConfig):
    name = "zhanggui.service"
    label = "service"
    verbose_name = _("Customer service")

    def ready(self) -> None:
        from zhanggui.core.audit import audit_actions_register

        from .constants import AUDIT_ACTIONS

        audit_actions_register(AUDIT_ACTIONS)
        # --- buyers' personal data, masked until revealed ---
        from zhanggui.core.pii import register_revealable

        from .models import Contact, PhoneCall

        register_revealable(Contact, "phone", "phone")
        register_revealable(Contact, "email", "email")
        register_revealable(PhoneCall, "phone", "phone")
