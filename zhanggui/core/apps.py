from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "zhanggui.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        # Every app's tasks register the names services queue them by (``core.background``),
        # in web processes as well as in the Huey consumer, which imports them on its own.
        autodiscover_modules("tasks")

        from .audit import audit_actions_register

        audit_actions_register(
            {
                "pii.reveal": _("Reveal personal data"),
                "core.import.rejects_download": _("Download rejected import rows"),
            }
        )
