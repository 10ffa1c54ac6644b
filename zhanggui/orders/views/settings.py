"""Console pages of each store's order rules (订单规则): an overview of the stores, and a form per store."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict
from typing import Any

from django.db.models import QuerySet
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from zhanggui.core.durations import format_duration
from zhanggui.core.views.generic import ObjectFormView, ObjectListView
from zhanggui.core.views.tables import Column
from zhanggui.stores.models import Store
from zhanggui.stores.selectors import store_get, store_list

from .. import services
from ..forms.settings import OrderSettingsForm
from ..selectors.rules import StoreRules, store_rules, stores_rules


def _rules_of(store: Store) -> StoreRules:
    """The store's rules, read for the whole page at once (``rows_of``) however many columns show them."""
    return store.order_rules  # type: ignore[attr-defined,no-any-return]


def _rule(name: str) -> Any:
    return lambda store: getattr(_rules_of(store), name)


def _rule_duration(name: str, unit: str) -> Any:
    return lambda store: format_duration(getattr(_rules_of(store), name), unit)


class OrderSettingsListView(ObjectListView):
    """Every store's rules side by side; a store without its own settings shows the defaults."""

    permission = "orders.review"
    title = _("Order rules")
    default_sort = "name"
    columns = [
        Column("name", _("Store"), sort="name", template="orders/settings_cell.html"),
        Column(
            "unpaid_timeout_minutes",
            _("Close unpaid after"),
            value=_rule_duration("unpaid_timeout_minutes", "minutes"),
            numeric=True,
        ),
        Column("review_amount_threshold", _("Review above"), value=_rule("review_amount_threshold"), numeric=True),
        Column("review_keywords", _("Keywords"), value=lambda s: "、".join(_rules_of(s).review_keywords), wrap=True),
        Column("ship_sla_hours", _("Ship within"), value=_rule_duration("ship_sla_hours", "hours"), numeric=True),
        Column(
            "merge_window_hours", _("Merge window"), value=_rule_duration("merge_window_hours", "hours"), numeric=True
        ),
        Column(
            "stuck_shipment_days", _("Stuck after"), value=_rule_duration("stuck_shipment_days", "days"), numeric=True
        ),
        Column(
            "auto_complete_days", _("Complete after"), value=_rule_duration("auto_complete_days", "days"), numeric=True
        ),
    ]

    def get_queryset(self, filters: dict[str, Any]) -> QuerySet[Any]:
        return store_list(user=self.request.user)

    def rows_of(self, objects: Iterable[Store]) -> list[Store]:
        stores = list(objects)
        rules = stores_rules(store.pk for store in stores)
        for store in stores:
            store.order_rules = rules[store.pk]  # type: ignore[attr-defined]
        return stores


class OrderSettingsEditView(ObjectFormView):
    permission = "orders.review"
    form_class = OrderSettingsForm
    title = _("Order rules")
    success_message = _("Order rules saved.")

    def get_object(self) -> Store:
        return store_get(user=self.request.user, store_id=self.kwargs["pk"])

    def get_initial(self, obj: Store) -> dict[str, Any]:
        values = asdict(store_rules(obj.pk))
        values["review_keywords"] = "\n".join(values["review_keywords"])
        return values

    def get_context(self, obj: Store) -> dict[str, Any]:
        return {"title": f"{self.title} · {obj.name}"}

    def perform(self, form: Any, obj: Store) -> str:
        services.order_settings_update(by=self.request.user, store=obj, **form.cleaned_data)
        return reverse("orders:settings_list")


urlpatterns: list = [
    path("settings/", OrderSettingsListView.as_view(), name="settings_list"),
    path("settings/<int:pk>/", OrderSettingsEditView.as_view(), name="settings_edit"),
]
