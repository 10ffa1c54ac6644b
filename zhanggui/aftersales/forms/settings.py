"""Console forms of the reason taxonomy and each store's after-sales rules (parsed only; the services check)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from zhanggui.core.forms import DurationField, StyledForm

from ..models import Responsibility


class ReasonCreateForm(StyledForm):
    code = forms.SlugField(label=_("Code"), max_length=40, help_text=_("Imports and the API use it; it cannot change."))
    name = forms.CharField(label=_("Name"), max_length=60)
    responsibility = forms.ChoiceField(label=_("Responsibility"), choices=Responsibility.choices)
    sort_order = forms.IntegerField(label=_("Sort order"), min_value=0, initial=0)


class ReasonEditForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=60)
    responsibility = forms.ChoiceField(label=_("Responsibility"), choices=Responsibility.choices)
    sort_order = forms.IntegerField(label=_("Sort order"), min_value=0)
    is_active = forms.BooleanField(
        label=_("In use"),
        required=False,
        help_text=_("A retired reason stays on old cases; new ones cannot choose it."),
    )


class AftersalesSettingsForm(StyledForm):
    response_hours = DurationField(label=_("Agreed automatically when not answered within"), base="hours")
    return_ship_days = forms.IntegerField(label=_("Buyer returns the goods within (days)"), min_value=1)
    receive_days = forms.IntegerField(label=_("Confirm receipt within (days of the return shipping)"), min_value=1)
    inspect_hours = DurationField(label=_("Inspect received goods within"), base="hours")
    resolve_hours = DurationField(label=_("Refund, replace or send back within"), base="hours")
    auto_approve_max_amount = forms.DecimalField(
        label=_("Approve refund-only requests automatically up to (amount)"),
        min_value=Decimal("0"),
        max_digits=12,
        decimal_places=2,
        help_text=_("0 turns automatic approval off."),
    )
    auto_approve_max_buyer_cases = forms.IntegerField(
        label=_("Only for buyers with at most this many cases in 90 days"), min_value=0
    )
    return_rate_threshold = forms.DecimalField(
        label=_("Flag SKUs returned above (%)"), min_value=Decimal("0.01"), max_value=Decimal("100"), decimal_places=2
    )
