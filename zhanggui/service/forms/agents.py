"""Console forms of agents' status and capacity, and of a transfer (parsed only; the services check)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zhanggui.core.forms import StyledForm

from ..models import Conversation, ServiceGroup
from ..selectors.agents import store_agents
from ..states import AgentStatus


class AgentStatusForm(StyledForm):
    status = forms.ChoiceField(label=_("Status"), choices=AgentStatus.choices)


class AgentEditForm(StyledForm):
    status = forms.ChoiceField(label=_("Status"), choices=AgentStatus.choices)
    capacity = forms.IntegerField(label=_("Conversations at once"), min_value=1, max_value=50)


class TransferForm(StyledForm):
    to_staff = forms.TypedChoiceField(label=_("To agent"), coerce=int, required=False, empty_value=None)
    to_group = forms.TypedChoiceField(label=_("Or to group"), coerce=int, required=False, empty_value=None)
    note = forms.CharField(label=_("Note"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, conversation: Conversation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agents = store_agents(conversation.store_id).exclude(pk=conversation.assignee_id).order_by("username")
        groups = ServiceGroup.objects.filter(store_id=conversation.store_id, is_active=True).order_by("kind", "name")
        self.fields["to_staff"].choices = [("", self.empty_choice_label), *[(a.pk, str(a)) for a in agents]]
        self.fields["to_group"].choices = [("", self.empty_choice_label), *[(g.pk, g.name) for g in groups]]
