"""Console forms of a store's own order rules (订单规则).

Forms only parse input; the services check it and name the failing field, which the views put
back on these fields (so the names follow the services' arguments).
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from zhanggui.core.forms import DurationField, StyledForm


class OrderSettingsForm(StyledForm):
    unpaid_timeout_minutes = DurationField(label=_("Close unpaid orders after"), units=("minutes", "hours", "days"))
    review_amount_threshold = forms.DecimalField(
        label=_("Review orders above (amount)"), min_value=Decimal("0"), max_digits=12, decimal_places=2
    )
    review_keywords = forms.CharField(
        label=_("Buyer-message keywords that hold an order"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One a line, or separated by commas."),
    )
    ship_sla_hours = DurationField(label=_("Ship within"), base="hours")
    merge_window_hours = DurationField(label=_("Merge candidates within"), base="hours")
    stuck_shipment_days = forms.IntegerField(label=_("Shipment stuck after (days without tracking)"), min_value=1)
    auto_complete_days = forms.IntegerField(label=_("Complete delivered orders after (days)"), min_value=1)

    def clean_review_keywords(self) -> list[str]:
        text = self.cleaned_data["review_keywords"].replace("，", ",").replace("\n", ",")
        return [word.strip() for word in text.split(",") if word.strip()]
