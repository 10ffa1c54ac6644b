"""Console pages for administrators: staff members (list, create, edit, password), teams, a store's staff."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _

from zhanggui.core.views.generic import ObjectFormView, ObjectListView
from zhanggui.core.views.tables import Column
from zhanggui.stores.models import Store
from zhanggui.stores.selectors import store_get

from .. import selectors, services
from ..forms.staff import (
    StaffCreateForm,
    StaffEditForm,
    StaffFilterForm,
    StaffPasswordForm,
    StoreStaffForm,
    TeamCreateForm,
    TeamFilterForm,
)
from ..models import Staff


def _names(objects: Any) -> str:
    return ", ".join(str(obj) for obj in objects.all())


class StaffListView(ObjectListView):
    permission = "staff.manage"
    title = _("Staff")
    list_key = "accounts.staff"
    filter_form_class = StaffFilterForm
    export_permission = "staff.manage"
    export_name = "staff"
    default_sort = "username"
    create_url = reverse_lazy("accounts:staff_create")
    columns = [
        Column("username", _("Username"), sort="username", template="accounts/staff_cell_username.html"),
        Column("display_name", _("Display name"), sort="display_name"),
        Column("role", _("Role"), value=lambda s: s.role_label, sort="role"),
        Column("teams", _("Teams"), value=lambda s: _names(s.teams)),
        Column("stores", _("Stores"), value=lambda s: _names(s.stores), template="accounts/staff_cell_stores.html"),
        Column(
            "is_active",
            _("Status"),
            value=lambda s: _("Active") if s.is_active else _("Inactive"),
            badge=lambda s: "green" if s.is_active else "secondary",
            sort="is_active",
        ),
        Column("last_login", _("Last sign-in"), sort="last_login", compact=True),
        Column("phone", _("Mobile phone"), pii="phone"),
        Column("actions", "", template="accounts/staff_cell_actions.html", export=False),
    ]

    def get_queryset(self, filters: dict[str, Any]) -> QuerySet[Any]:
        return selectors.staff_list(filters=filters)


class StaffCreateView(ObjectFormView):
    permission = "staff.manage"
    form_class = StaffCreateForm
    template_name = "accounts/staff_form.html"
    title = _("New staff member")
    submit_label = _("Create staff member")

    def get_form(self, obj: Any, data: Any = None, files: Any = None) -> forms.Form:
        return StaffCreateForm(data, files, user=self.request.user)

    def perform(self, form: forms.Form, obj: Any) -> str:
        data = form.cleaned_data
        staff = services.staff_create(
            by=self.request.user,
            username=data["username"],
            password=data["password"],
            role=data["role"],
            display_name=data["display_name"],
            phone=data["phone"],
            email=data["email"],
            team_ids=[team.pk for team in data["teams"]],
            store_ids=[store.pk for store in data["stores"]],
        )
        self.success_message = _("Staff member %(username)s created.") % {"username": staff.username}
        return reverse("accounts:staff_list")


class StaffEditView(ObjectFormView):
    permission = "staff.manage"
    template_name = "accounts/staff_form.html"

    def get_object(self) -> Staff:
        return selectors.staff_get(staff_id=self.kwargs["pk"])

    def get_form(self, obj: Staff, data: Any = None, files: Any = None) -> forms.Form:
        initial = {
            "role": obj.role,
            "display_name": obj.display_name,
            "email": obj.email,
            "is_active": obj.is_active,
            "teams": list(obj.teams.all()),
            "stores": list(obj.stores.all()),
        }
        return StaffEditForm(data, files, initial=initial, user=self.request.user, staff=obj)

    def perform(self, form: forms.Form, obj: Staff) -> str:
        data = form.cleaned_data
        staff = services.staff_update(
            by=self.request.user,
            staff=obj,
            role=data["role"],
            display_name=data["display_name"],
            phone=data["phone"] or obj.phone,
            email=data["email"],
            is_active=data["is_active"],
            team_ids=[team.pk for team in data["teams"]],
            store_ids=[store.pk for store in data["stores"]],
            reason=data["reason"],
        )
        self.success_message = _("Staff member %(username)s saved.") % {"username": staff.username}
        return reverse("accounts:staff_list")

    def get_context(self, obj: Staff) -> dict[str, Any]:
        return {"title": _("Edit staff member: %(username)s") % {"username": obj.username}}


class StaffPasswordView(ObjectFormView):
    permission = "staff.manage"
    template_name = "accounts/staff_form.html"
    form_class = StaffPasswordForm
    submit_label = _("Set password")

    def get_object(self) -> Staff:
        return selectors.staff_get(staff_id=self.kwargs["pk"])

    def perform(self, form: forms.Form, obj: Staff) -> str:
        services.staff_password_set(by=self.request.user, staff=obj, password=form.cleaned_data["password"])
        self.success_message = _("Password set for %(username)s.") % {"username": obj.username}
        return reverse("accounts:staff_list")

    def get_context(self, obj: Staff) -> dict[str, Any]:
        return {"title": _("Set password: %(username)s") % {"username": obj.username}}


class TeamListView(ObjectListView):
    permission = "staff.manage"
    title = _("Teams")
    list_key = "accounts.team"
    filter_form_class = TeamFilterForm
    default_sort = "name"
    create_url = reverse_lazy("accounts:team_create")
    columns = [
        Column("name", _("Name"), sort="name"),
        Column("description", _("Description")),
        Column("member_count", _("Members"), numeric=True, sort="member_count"),
    ]

    def get_queryset(self, filters: dict[str, Any]) -> QuerySet[Any]:
        return selectors.team_list(filters=filters)


class TeamCreateView(ObjectFormView):
    permission = "staff.manage"
    form_class = TeamCreateForm
    title = _("New team")
    success_message = _("Team created.")

    def perform(self, form: forms.Form, obj: Any) -> str:
        services.team_create(
            by=self.request.user, name=form.cleaned_data["name"], description=form.cleaned_data["description"]
        )
        return reverse("accounts:team_list")


def staff_choices() -> list[tuple[int, str]]:
    return [
        (member.pk, f"{member.display_name or member.username} ({member.username}) · {member.role_label}")
        for member in selectors.staff_list(filters={"is_active": True})
    ]


class StoreStaffView(ObjectFormView):
    permission = "store.manage"
    form_class = StoreStaffForm
    success_message = _("Assigned staff saved.")

    def get_object(self) -> Store:
        return store_get(user=self.request.user, store_id=self.kwargs["pk"])

    def get_form(self, obj: Store, data: Any = None, files: Any = None) -> forms.Form:
        current = list(obj.staff.values_list("pk", flat=True))
        choices = staff_choices()
        known = {pk for pk, _label in choices}
        # Deactivated members still assigned stay visible, so saving does not drop them silently.
        choices += [(m.pk, f"{m} ({m.username})") for m in obj.staff.exclude(pk__in=known)]
        return StoreStaffForm(data, initial={"staff": current}, staff_choices=choices)

    def perform(self, form: forms.Form, obj: Store) -> str:
        services.store_staff_assign(
            by=self.request.user, store=obj, staff_ids=form.cleaned_data["staff"], reason=form.cleaned_data["reason"]
        )
        return obj.get_absolute_url()

    def get_context(self, obj: Store) -> dict[str, Any]:
        return {"title": _("Assigned staff: %(name)s") % {"name": obj.name}}
