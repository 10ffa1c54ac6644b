from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrdersConfig(AppConfig):
    name = "zhanggui.orders"
    label = "orders"
    verbose_name = _("Orders")

    def ready(self) -> None:
        from zhanggui.core.audit import audit_actions_register

        from .constants import AUDIT_ACTIONS

        audit_actions_register(AUDIT_ACTIONS)
        from zhanggui.core.imports.registry import importer_register
        from zhanggui.core.pii import register_revealable

        from .imports import IMPORTERS
        from .imports.ratings import RATING_IMPORT
        from .imports.tracking import TRACKING_IMPORT
        from .models import Buyer, Order

        for importer in (*IMPORTERS.values(), RATING_IMPORT, TRACKING_IMPORT):
            importer_register(importer)

        register_revealable(Buyer, "name", "name")
        register_revealable(Buyer, "phone", "phone")
        register_revealable(Order, "receiver_name", "name")
        register_revealable(Order, "receiver_phone", "phone")
        register_revealable(Order, "address_detail", "address")
