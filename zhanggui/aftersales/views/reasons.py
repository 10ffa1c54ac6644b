"""Console pages of the reason taxonomy (售后原因): the list, a new reason, and a form per reason."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import path, reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _

from zhanggui.core.views.generic import ObjectFormView, ObjectListView
from zhanggui.core.views.tables import Column

from .. import services
from ..forms.settings import ReasonCreateForm, ReasonEditForm
from ..models import Reason
from ..selectors.reasons import reason_get, reason_list


class ReasonListView(ObjectListView):
    permission = "aftersales.settings"
    title = _("After-sales reasons")
    create_url = reverse_lazy("aftersales:reason_create")
    columns = [
        Column("name", _("Name"), template="aftersales/reason_cell.html"),
        Column("code", _("Code")),
        Column("responsibility", _("Responsibility"), value=lambda r: r.get_responsibility_display()),
        Column("is_active", _("In use")),
        Column("sort_order", _("Sort order"), numeric=True),
    ]

    def get_queryset(self, filters: dict[str, Any]) -> QuerySet[Any]:
        return reason_list()


class ReasonCreateView(ObjectFormView):
    permission = "aftersales.settings"
    form_class = ReasonCreateForm
    title = _("New after-sales reason")
    success_message = _("Reason saved.")

    def perform(self, form: Any, obj: Any) -> str:
        services.reason_create(by=self.request.user, **form.cleaned_data)
        return reverse("aftersales:reason_list")


class ReasonEditView(ObjectFormView):
    permission = "aftersales.settings"
    form_class = ReasonEditForm
    title = _("After-sales reason")
    success_message = _("Reason saved.")

    def get_object(self) -> Reason:
        return reason_get(user=self.request.user, reason_id=self.kwargs["pk"])

    def get_initial(self, obj: Reason) -> dict[str, Any]:
        fields = ("name", "responsibility", "sort_order", "is_active")
        return {name: getattr(obj, name) for name in fields}

    def get_context(self, obj: Reason) -> dict[str, Any]:
        return {"title": f"{self.title} · {obj.code}"}

    def perform(self, form: Any, obj: Reason) -> str:
        services.reason_update(by=self.request.user, reason=obj, **form.cleaned_data)
        return reverse("aftersales:reason_list")


urlpatterns: list = [
    path("reasons/", ReasonListView.as_view(), name="reason_list"),
    path("reasons/new/", ReasonCreateView.as_view(), name="reason_create"),
    path("reasons/<int:pk>/", ReasonEditView.as_view(), name="reason_edit"),
]
