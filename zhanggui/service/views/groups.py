"""Console pages of service groups (客服分组): the list, a new group, and a form per group."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.urls import path, reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _

from zhanggui.core.views.generic import ObjectFormView, ObjectListView
from zhanggui.core.views.tables import Column
from zhanggui.stores.selectors import store_get

from .. import services
from ..forms.groups import GroupForm
from ..models import ServiceGroup
from ..selectors.agents import group_get, group_list


class GroupListView(ObjectListView):
    permission = "service.settings"
    title = _("Service groups")
    create_url = reverse_lazy("service:group_create")
    columns = [
        Column("name", _("Name"), template="service/groups_cell.html"),
        Column("store", _("Store"), value=lambda g: g.store.name),
        Column("kind", _("Kind"), value=lambda g: g.get_kind_display()),
        Column("member_count", _("Members"), numeric=True),
        Column("is_active", _("In use")),
    ]

    def get_queryset(self, filters: dict[str, Any]) -> QuerySet[Any]:
        return group_list(user=self.request.user)


class GroupCreateView(ObjectFormView):
    permission = "service.settings"
    form_class = GroupForm
    title = _("New service group")
    success_message = _("Group saved.")

    def get_form(self, obj: Any, data: Any = None, files: Any = None) -> forms.Form:
        return GroupForm(data, files, initial={"is_active": True}, user=self.request.user)

    def perform(self, form: Any, obj: Any) -> str:
        data = form.cleaned_data
        services.group_create(
            by=self.request.user,
            store=store_get(user=self.request.user, store_id=data["store"]),
            kind=data["kind"],
            name=data["name"],
            members=data["members"],
            is_active=data["is_active"],
        )
        return reverse("service:group_list")


class GroupEditView(ObjectFormView):
    permission = "service.settings"
    form_class = GroupForm
    title = _("Service group")
    success_message = _("Group saved.")

    def get_object(self) -> ServiceGroup:
        return group_get(user=self.request.user, group_id=self.kwargs["pk"])

    def get_form(self, obj: ServiceGroup, data: Any = None, files: Any = None) -> forms.Form:
        initial = {
            "kind": obj.kind,
            "name": obj.name,
            "is_active": obj.is_active,
            "members": list(obj.members.values_list("pk", flat=True)),
        }
        return GroupForm(data, files, initial=initial, user=self.request.user, store_id=obj.store_id)

    def get_context(self, obj: ServiceGroup) -> dict[str, Any]:
        return {"title": f"{self.title} · {obj.store.name} · {obj.name}"}

    def perform(self, form: Any, obj: ServiceGroup) -> str:
        services.group_update(by=self.request.user, group=obj, **form.cleaned_data)
        return reverse("service:group_list")


urlpatterns: list = [
    path("groups/", GroupListView.as_view(), name="group_list"),
    path("groups/new/", GroupCreateView.as_view(), name="group_create"),
    path("groups/<int:pk>/", GroupEditView.as_view(), name="group_edit"),
]
