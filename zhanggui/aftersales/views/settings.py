"""Console pages of each store's after-sales rules (售后规则): the stores side by side, and a form per store."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from zhanggui.core.durations import format_duration
from zhanggui.core.views.generic import ObjectFormView, ObjectListView
from zhanggui.core.views.tables import Column
from zhanggui.stores.models import Store
from zhanggui.stores.selectors import store_get, store_list

from .. import services
from ..forms.settings import AftersalesSettingsForm
from ..models import AftersalesSettings
from ..selectors.rules import aftersales_rules, aftersales_rules_of
from ..services.settings import FIELDS


def _rules_of(store: Store) -> AftersalesSettings:
    return store.aftersales_rules  # type: ignore[attr-defined,no-any-return]


def _rule(name: str) -> Any:
    return lambda store: getattr(_rules_of(store), name)


def _auto_approval(store: Store) -> Any:
    amount = _rules_of(store).auto_approve_max_amount
    return amount if amount > 0 else gettext("Off")  # 0 turns the rule off


def _rule_duration(name: str, unit: str) -> Any:
    return lambda store: format_duration(getattr(_rules_of(store), name), unit)


class AftersalesSettingsListView(ObjectListView):
    """Every store's rules; a store without its own shows the defaults."""

    permission = "aftersales.settings"
    title = _("After-sales rules")
    default_sort = "name"
    columns = [
        Column("name", _("Store"), sort="name", template="aftersales/settings_cell.html"),
        Column("response_hours", _("Answer within"), value=_rule_duration("response_hours", "hours"), numeric=True),
        Column("return_ship_days", _("Return within"), value=_rule_duration("return_ship_days", "days"), numeric=True),
        Column("receive_days", _("Receive within"), value=_rule_duration("receive_days", "days"), numeric=True),
        Column("inspect_hours", _("Inspect within"), value=_rule_duration("inspect_hours", "hours"), numeric=True),
        Column("resolve_hours", _("Resolve within"), value=_rule_duration("resolve_hours", "hours"), numeric=True),
        Column("auto_approve_max_amount", _("Auto-approve up to"), value=_auto_approval, numeric=True),
        Column("return_rate_threshold", _("Return-rate flag (%)"), value=_rule("return_rate_threshold"), numeric=True),
    ]

    def get_queryset(self, filters: dict[str, Any]) -> QuerySet[Any]:
        return store_list(user=self.request.user)

    def rows_of(self, objects: Iterable[Store]) -> list[Store]:
        stores = list(objects)
        rules = aftersales_rules_of(store.pk for store in stores)
        for store in stores:
            store.aftersales_rules = rules[store.pk]  # type: ignore[attr-defined]
        return stores


class AftersalesSettingsEditView(ObjectFormView):
    permission = "aftersales.settings"
    form_class = AftersalesSettingsForm
    title = _("After-sales rules")
    success_message = _("After-sales rules saved.")

    def get_object(self) -> Store:
        return store_get(user=self.request.user, store_id=self.kwargs["pk"])

    def get_initial(self, obj: Store) -> dict[str, Any]:
        rules = aftersales_rules(obj.pk)
        return {name: getattr(rules, name) for name in FIELDS}

    def get_context(self, obj: Store) -> dict[str, Any]:
        return {"title": f"{self.title} · {obj.name}"}

    def perform(self, form: Any, obj: Store) -> str:
        services.aftersales_settings_update(by=self.request.user, store=obj, **form.cleaned_data)
        return reverse("aftersales:settings_list")


urlpatterns: list = [
    path("settings/", AftersalesSettingsListView.as_view(), name="settings_list"),
    path("settings/<int:pk>/", AftersalesSettingsEditView.as_view(), name="settings_edit"),
]
