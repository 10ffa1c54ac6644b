from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StoresConfig(AppConfig):
    name = "zhanggui.stores"
    label = "stores"
    verbose_name = _("Stores")

    def ready(self) -> None:
        from zhanggui.core.audit import audit_actions_register

        from .constants import AUDIT_ACTIONS

        audit_actions_register(AUDIT_ACTIONS)
        from zhanggui.core.pii import register_revealable

        from .models import Store

        register_revealable(Store, "contact_phone", "phone")
        register_revealable(Store, "contact_name", "name")
