"""Console form of a store's service settings (parsed only; the service checks)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zhanggui.core.forms import StyledForm

WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


class ServiceSettingsForm(StyledForm):
    opens_at = forms.TimeField(label=_("Opens at"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    closes_at = forms.TimeField(
        label=_("Closes at"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_("The same time as opening: open all day. Earlier than opening: open past midnight."),
    )
    workdays = forms.TypedMultipleChoiceField(
        label=_("Working days"), choices=WEEKDAYS, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    outside_hours_reply = forms.CharField(
        label=_("Reply outside business hours"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Sent once while the buyer waits; blank: a standard reply."),
    )
    welcome_reply = forms.CharField(
        label=_("Greeting"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Sent when a buyer starts a conversation; blank: no greeting."),
    )
    reassign_after_minutes = forms.IntegerField(
        label=_("Give to another agent when unanswered for (minutes)"), min_value=1, max_value=240
    )
    unanswered_alert_minutes = forms.IntegerField(
        label=_("Alert when a buyer waits (minutes)"), min_value=1, max_value=1440
    )
    auto_close_hours = forms.IntegerField(
        label=_("Close resolved conversations after (hours)"), min_value=1, max_value=720
    )
    widget_enabled = forms.BooleanField(label=_("Website chat on"), required=False)
    widget_title = forms.CharField(label=_("Website chat title"), max_length=60, required=False)
