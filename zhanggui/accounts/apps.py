from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "zhanggui.accounts"
    label = "accounts"
    verbose_name = _("Staff")

    def ready(self) -> None:
        from zhanggui.core.pii import register_revealable

        from .models import Staff

        register_revealable(Staff, "phone", "phone")
