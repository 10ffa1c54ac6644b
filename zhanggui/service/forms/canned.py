"""Forms of canned replies: the words, and for a lead whose reply it is (theirs or the team's) and
for which store; the service checks shortcuts and rights."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zhanggui.core.forms import FilterForm, StyledForm
from zhanggui.core.permissions import has_perm
from zhanggui.stores.models import Store
from zhanggui.stores.selectors import store_list

MINE, TEAM = "mine", "team"


class CannedReplyForm(StyledForm):
    title = forms.CharField(label=_("Title"), max_length=60)
    shortcut = forms.CharField(
        label=_("Shortcut"), max_length=20, required=False, help_text=_("Starts with /, e.g. /退货")
    )
    category = forms.CharField(label=_("Category"), max_length=40, required=False)
    body = forms.CharField(
        label=_("Text"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Variables: {买家昵称} {订单号} {物流单号} {预计发货}"),
    )


class CannedReplyCreateForm(CannedReplyForm):
    """A new reply: an agent's own; a lead chooses the team's, and its store."""

    scope = forms.ChoiceField(label=_("Whose"), choices=[(MINE, _("Mine")), (TEAM, _("The team's"))], initial=MINE)
    store = forms.ModelChoiceField(
        label=_("Store"), queryset=Store.objects.none(), required=False, empty_label=_("All stores")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user = self.user  # type: ignore[attr-defined]
        self.fields["store"].queryset = store_list(user=user)  # type: ignore[attr-defined]
        if not has_perm(user, "service.settings"):
            del self.fields["scope"]

    def clean_store(self) -> int | None:
        store = self.cleaned_data.get("store")
        return store.pk if store else None


class CannedFilterForm(FilterForm):
    q = forms.CharField(label=_("Keyword"), required=False, max_length=40, help_text=_("Title, text or /shortcut"))
    scope = forms.ChoiceField(
        label=_("Whose"), required=False, choices=[("", _("All")), (MINE, _("Mine")), (TEAM, _("The team's"))]
    )
    category = forms.CharField(label=_("Category"), required=False, max_length=40)
