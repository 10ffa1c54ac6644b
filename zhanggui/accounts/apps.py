from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "zhanggui.accounts"
    label = "accounts"
    verbose_name = _("Staff")

    def ready(self) -> None:
        from zhanggui.core.audit import audit_actions_register

        from .constants import AUDIT_ACTIONS

        audit_actions_register(AUDIT_ACTIONS)
        from zhanggui.core.api import register_token_authenticator
        from zhanggui.core.pii import register_revealable

        from .models import Staff
        from .services import api_token_authenticate

        register_revealable(Staff, "phone", "phone")
        register_token_authenticator(lambda raw_token: api_token_authenticate(raw_token=raw_token))
