"""Console forms for stores. The services check the values; the forms only collect them."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zhanggui.core.forms import StyledForm
from zhanggui.core.pii import masked

from ..models import Platform, Store
from ..selectors import time_zone_choices

KEEP_HINT = _("Leave blank to keep the current value.")


ACTIVE_CHOICES = [("", _("Active and inactive")), ("1", _("Active")), ("0", _("Inactive"))]


class StoreFilterForm(StyledForm):
    q = forms.CharField(label=_("Keyword"), required=False, max_length=80)
    platform = forms.ChoiceField(
        label=_("Platform"), required=False, choices=[("", _("All platforms")), *Platform.choices]
    )
    is_active = forms.ChoiceField(label=_("Status"), required=False, choices=ACTIVE_CHOICES)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs["placeholder"] = _("Code or name")


class StoreCreateForm(StyledForm):
    code = forms.CharField(
        label=_("Code"),
        max_length=40,
        help_text=_("Lower-case letters, digits, hyphens or underscores; cannot be changed later."),
    )
    name = forms.CharField(label=_("Name"), max_length=80)
    platform = forms.ChoiceField(label=_("Platform"), choices=Platform.choices)
    currency = forms.CharField(
        label=_("Currency"), max_length=3, initial="CNY", help_text=_("ISO 4217 code, e.g. CNY, HKD, USD.")
    )
    time_zone = forms.ChoiceField(label=_("Time zone"), initial="Asia/Shanghai")
    contact_name = forms.CharField(label=_("Contact person"), max_length=40, required=False)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=20, required=False)
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = time_zone_choices()


class StoreEditForm(StoreCreateForm):
    """The code stays as created; personal data is not put into the page: blank keeps it."""

    reason = forms.CharField(label=_("Reason for the change"), max_length=200, required=False)

    def __init__(self, *args: Any, store: Store, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["code"]
        self.fields["time_zone"].choices = time_zone_choices(current=store.time_zone)
        for name in ("contact_name", "contact_phone"):
            field = self.fields[name]
            field.help_text = KEEP_HINT
            field.widget.attrs["placeholder"] = masked(store, name)
            field.widget.attrs["autocomplete"] = "off"


class CredentialUpdateForm(StyledForm):
    app_key = forms.CharField(label=_("App key"), max_length=120, required=False, help_text=KEEP_HINT)
    app_secret = forms.CharField(
        label=_("App secret"),
        max_length=500,
        required=False,
        help_text=KEEP_HINT,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    webhook_secret = forms.CharField(
        label=_("New webhook secret"),
        max_length=200,
        required=False,
        help_text=_("At least 16 characters. The current secret stays valid as the previous one until you retire it."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    reason = forms.CharField(label=_("Reason for the change"), max_length=200, required=False)


class CredentialReasonForm(StyledForm):
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)
