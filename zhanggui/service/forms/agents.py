"""Console forms of agents' status and capacity, and of a transfer (parsed only; the services check)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zhanggui.core.forms import StyledForm

from ..states import AgentStatus


class AgentStatusForm(StyledForm):
    status = forms.ChoiceField(label=_("Status"), choices=AgentStatus.choices)


class AgentEditForm(StyledForm):
    status = forms.ChoiceField(label=_("Status"), choices=AgentStatus.choices)
    capacity = forms.IntegerField(label=_("Conversations at once"), min_value=1, max_value=50)
