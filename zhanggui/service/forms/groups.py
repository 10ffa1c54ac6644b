"""Console forms of service groups (parsed only; the services check)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zhanggui.core.forms import StyledForm
from zhanggui.stores.selectors import store_list

from ..constants import GroupKind
from ..selectors.agents import agent_list, store_agents


class GroupForm(StyledForm):
    """A new group (with its store) or an existing one (``store_id`` given: its store is fixed)."""

    store = forms.TypedChoiceField(label=_("Store"), coerce=int)
    kind = forms.ChoiceField(label=_("Kind"), choices=GroupKind.choices)
    name = forms.CharField(label=_("Name"), max_length=40)
    members = forms.TypedMultipleChoiceField(
        label=_("Members"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    is_active = forms.BooleanField(
        label=_("In use"), required=False, initial=True, help_text=_("Conversations reach only groups in use.")
    )

    def __init__(self, *args: Any, user: Any, store_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if store_id is None:
            self.fields["store"].choices = [(s.pk, s.name) for s in store_list(user=user)]
            agents = [row.staff for row in agent_list(user=user)]
        else:
            del self.fields["store"]
            agents = list(store_agents(store_id).order_by("username"))
        self.fields["members"].choices = [(a.pk, str(a)) for a in agents]
        self.fields["members"].widget.attrs["class"] = "form-check-input"
