"""Console forms for managing staff, teams and who works on a store.

The services check the values; the forms collect them.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zhanggui.core.forms import StyledForm
from zhanggui.core.pii import masked
from zhanggui.core.policy import ROLES
from zhanggui.stores.selectors import store_list

from ..models import Staff, Team
from ..selectors import team_list

ACTIVE_CHOICES = [("", _("Active and inactive")), ("1", _("Active")), ("0", _("Inactive"))]


def role_choices(blank: Any) -> list[tuple[str, Any]]:
    return [("", blank), *ROLES.items()]


class StaffFilterForm(StyledForm):
    q = forms.CharField(label=_("Keyword"), required=False, max_length=60)
    role = forms.ChoiceField(label=_("Role"), required=False, choices=role_choices(_("All roles")))
    team = forms.ModelChoiceField(
        label=_("Team"), required=False, queryset=Team.objects.order_by("name"), empty_label=_("All teams")
    )
    is_active = forms.ChoiceField(label=_("Status"), required=False, choices=ACTIVE_CHOICES)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs["placeholder"] = _("Username or name")


class StaffProfileForm(StyledForm):
    """The fields an administrator sets on a staff member, on creation and later."""

    display_name = forms.CharField(label=_("Display name"), max_length=60, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=role_choices(_("Choose a role")))
    phone = forms.CharField(label=_("Mobile phone"), max_length=20, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    # Querysets are set per form: the stores are the ones the administrator may see.
    teams = forms.ModelMultipleChoiceField(label=_("Teams"), queryset=None, required=False)
    stores = forms.ModelMultipleChoiceField(
        label=_("Stores"),
        queryset=None,
        required=False,
        help_text=_("Roles that do not see every store see only these stores."),
    )

    def __init__(self, *args: Any, user: Staff, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["teams"].queryset = team_list(filters={})
        self.fields["stores"].queryset = store_list(user=user, filters={})
        for name in ("teams", "stores"):
            count = self.fields[name].queryset.count()
            self.fields[name].widget.attrs["size"] = min(max(count, 3), 10)


class StaffCreateForm(StaffProfileForm):
    username = forms.CharField(label=_("Username"), max_length=150)
    password = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters, not only digits, not a common password."),
    )
    field_order = ["username", "display_name", "role", "password", "phone", "email", "teams", "stores"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs["autocomplete"] = "off"
        self.order_fields(self.field_order)


class StaffEditForm(StaffProfileForm):
    """The phone is not put into the page (it is personal data): blank keeps the current one."""

    is_active = forms.BooleanField(
        label=_("Active"), required=False, help_text=_("Inactive staff cannot sign in or use API tokens.")
    )
    reason = forms.CharField(label=_("Reason for the change"), max_length=200, required=False)
    field_order = ["role", "display_name", "phone", "email", "is_active", "teams", "stores", "reason"]

    def __init__(self, *args: Any, staff: Staff, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.order_fields(self.field_order)
        phone = self.fields["phone"]
        phone.help_text = _("Leave blank to keep the current number.")
        phone.widget.attrs.update({"placeholder": masked(staff, "phone"), "autocomplete": "off"})


class StaffPasswordForm(StyledForm):
    password = forms.CharField(
        label=_("New password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters, not only digits, not a common password."),
    )
    password_again = forms.CharField(
        label=_("New password again"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", _("The two passwords do not match."))
        return data


class TeamFilterForm(StyledForm):
    q = forms.CharField(label=_("Keyword"), required=False, max_length=60)


class TeamCreateForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=60)
    description = forms.CharField(label=_("Description"), max_length=200, required=False)


class StoreStaffForm(StyledForm):
    staff = forms.TypedMultipleChoiceField(label=_("Assigned staff"), coerce=int, required=False)
    reason = forms.CharField(label=_("Reason for the change"), max_length=200, required=False)

    def __init__(self, *args: Any, staff_choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["staff"].choices = staff_choices
        self.fields["staff"].widget.attrs["size"] = min(max(len(staff_choices), 4), 16)
        self.fields["staff"].help_text = _("Hold Ctrl (⌘ on a Mac) to choose several.")
