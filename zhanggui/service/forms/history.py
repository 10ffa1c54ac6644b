"""Filters of the conversation history (会话记录); the keys are those of ``conversation_history``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zhanggui.core.forms import DateInput, FilterForm
from zhanggui.stores.models import Store
from zhanggui.stores.selectors import store_list

from ..constants import Channel, Intent
from ..selectors import service_agents
from ..states import ConversationStatus


class HistoryFilterForm(FilterForm):
    more_fields = ("intent", "nickname", "order_number", "started_from", "started_to")

    keyword = forms.CharField(label=_("Keyword"), required=False, max_length=80, help_text=_("Words of a message"))
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), ("active", pgettext_lazy("conversations", "Active")), *ConversationStatus.choices],
    )
    store = forms.ModelChoiceField(label=_("Store"), queryset=Store.objects.none(), required=False)
    channel = forms.ChoiceField(label=_("Channel"), required=False, choices=[("", _("All")), *Channel.choices])
    assignee = forms.ChoiceField(label=_("Agent"), required=False)
    intent = forms.ChoiceField(label=_("Intent"), required=False, choices=[("", _("All")), *Intent.choices])
    nickname = forms.CharField(label=_("Buyer nickname"), required=False, max_length=80)
    order_number = forms.CharField(label=_("Order number"), required=False, max_length=40)
    started_from = forms.DateField(label=_("Started from"), required=False, widget=DateInput)
    started_to = forms.DateField(label=_("Started to"), required=False, widget=DateInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["keyword"].widget.attrs["placeholder"] = self.fields["keyword"].help_text
        store = self.fields["store"]
        store.queryset = store_list(user=self.user)  # type: ignore[attr-defined]
        store.empty_label = self.empty_choice_label  # type: ignore[attr-defined]
        self.fields["assignee"].choices = [
            ("", _("All")),
            *((str(staff.pk), str(staff)) for staff in service_agents(user=self.user)),  # type: ignore[attr-defined]
        ]

    def clean_store(self) -> int | None:
        store = self.cleaned_data.get("store")
        return store.pk if store else None
