"""Console pages of each store's service settings (客服设置): the stores side by side, a form per store."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from zhanggui.core.views.generic import ObjectFormView, ObjectListView
from zhanggui.core.views.tables import Column
from zhanggui.stores.models import Store
from zhanggui.stores.selectors import store_get, store_list

from .. import services
from ..forms.settings import WEEKDAYS, ServiceSettingsForm
from ..selectors.assignment import service_settings_for, service_settings_of
from ..services.settings import FIELDS


def _hours(store: Store) -> str:
    settings = store.service_settings_shown  # type: ignore[attr-defined]
    if settings.pk is None:
        return gettext("Any time")
    return f"{settings.opens_at:%H:%M}–{settings.closes_at:%H:%M}"


def _days(store: Store) -> str:
    settings = store.service_settings_shown  # type: ignore[attr-defined]
    days = set(settings.workdays or [])
    if len(days) == 7:
        return gettext("Every day")
    return "、".join(str(label) for day, label in WEEKDAYS if day in days)


def _setting(name: str) -> Any:
    return lambda store: getattr(store.service_settings_shown, name)


class ServiceSettingsListView(ObjectListView):
    """Every store's settings; a store without its own answers at any time, with the default rules."""

    permission = "service.settings"
    title = _("Service settings")
    default_sort = "name"
    columns = [
        Column("name", _("Store"), sort="name", template="service/settings_cell.html"),
        Column("hours", _("Business hours"), value=_hours),
        Column("workdays", _("Working days"), value=_days),
        Column(
            "reassign_after_minutes",
            _("Reassign after (minutes)"),
            value=_setting("reassign_after_minutes"),
            numeric=True,
        ),
        Column("auto_close_hours", _("Close resolved after (hours)"), value=_setting("auto_close_hours"), numeric=True),
        Column("widget_enabled", _("Website chat on"), value=_setting("widget_enabled")),
    ]

    def get_queryset(self, filters: dict[str, Any]) -> QuerySet[Any]:
        return store_list(user=self.request.user)

    def rows_of(self, objects: Iterable[Store]) -> list[Store]:
        stores = list(objects)
        shown = service_settings_for([store.pk for store in stores])
        for store in stores:
            store.service_settings_shown = shown[store.pk]  # type: ignore[attr-defined]
        return stores


class ServiceSettingsEditView(ObjectFormView):
    permission = "service.settings"
    form_class = ServiceSettingsForm
    title = _("Service settings")
    success_message = _("Service settings saved.")

    def get_object(self) -> Store:
        return store_get(user=self.request.user, store_id=self.kwargs["pk"])

    def get_initial(self, obj: Store) -> dict[str, Any]:
        settings = service_settings_of(obj)
        return {name: getattr(settings, name) for name in FIELDS}

    def get_context(self, obj: Store) -> dict[str, Any]:
        return {"title": f"{self.title} · {obj.name}"}

    def perform(self, form: Any, obj: Store) -> str:
        services.service_settings_update(by=self.request.user, store=obj, **form.cleaned_data)
        return reverse("service:settings_list")


urlpatterns: list = [
    path("settings/", ServiceSettingsListView.as_view(), name="settings_list"),
    path("settings/<int:pk>/", ServiceSettingsEditView.as_view(), name="settings_edit"),
]
