"""Console forms of a store's buyer blacklist (黑名单): its filters, adding and removing entries.

Forms only parse input; the services check it and name the failing field, which the views put
back on these fields (so the names follow the services' arguments).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zhanggui.core.forms import StyledForm
from zhanggui.stores.models import Store
from zhanggui.stores.selectors import store_list


class _StoreChoice(StyledForm):
    """A form with a ``store`` field offering the staff member's stores."""

    store = forms.ModelChoiceField(label=_("Store"), queryset=Store.objects.none())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["store"].queryset = store_list(user=self.user)  # type: ignore[attr-defined]


class BlacklistFilterForm(_StoreChoice):
    keyword = forms.CharField(label=_("Keyword"), required=False, help_text=_("Nickname or phone number"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        store = self.fields["store"]
        store.required, store.empty_label = False, _("All")  # type: ignore[attr-defined]
        self.fields["keyword"].widget.attrs["placeholder"] = self.fields["keyword"].help_text

    def clean_store(self) -> int | None:
        store = self.cleaned_data.get("store")
        return store.pk if store else None


class BlacklistEntryForm(_StoreChoice):
    nickname = forms.CharField(
        label=_("Buyer nickname"), max_length=80, required=False, help_text=_("The platform nickname (买家会员名).")
    )
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    reason = forms.CharField(label=_("Reason"), max_length=200, help_text=_("Shown to the clerk reviewing the order."))


class RemoveForm(StyledForm):
    reason = forms.CharField(label=_("Reason"), max_length=500)


class BatchRemoveForm(RemoveForm):
    """The batch action's field shares the page form with the table: no browser-side `required`."""

    use_required_attribute = False
