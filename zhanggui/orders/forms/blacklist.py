"""Console forms of a store's order rules: the blacklist, the order settings and anomalies.

Forms only parse input; the services check it and name the failing field, which the views put
back on these fields (so the names follow the services' arguments).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zhanggui.catalog.selectors import store_list
from zhanggui.core.forms import StyledForm
from zhanggui.stores.models import Store

from ..selectors.anomalies import ANOMALY_CHOICES


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


class OrderSettingsForm(StyledForm):
    unpaid_timeout_minutes = forms.IntegerField(label=_("Close unpaid orders after (minutes)"), min_value=1)
    review_amount_threshold = forms.DecimalField(
        label=_("Review orders above (amount)"), min_value=Decimal("0"), max_digits=12, decimal_places=2
    )
    review_keywords = forms.CharField(
        label=_("Buyer-message keywords that hold an order"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One a line, or separated by commas."),
    )
    ship_sla_hours = forms.IntegerField(label=_("Ship within (hours)"), min_value=1)
    merge_window_hours = forms.IntegerField(label=_("Merge candidates within (hours)"), min_value=1)
    stuck_shipment_days = forms.IntegerField(label=_("Shipment stuck after (days without tracking)"), min_value=1)
    auto_complete_days = forms.IntegerField(label=_("Complete delivered orders after (days)"), min_value=1)

    def clean_review_keywords(self) -> list[str]:
        text = self.cleaned_data["review_keywords"].replace("，", ",").replace("\n", ",")
        return [word.strip() for word in text.split(",") if word.strip()]


class AnomalyFilterForm(StyledForm):
    """Filters of the anomaly list; the keys are those of the ``order_list`` selector."""

    anomaly = forms.ChoiceField(label=_("Anomaly"), required=False, choices=[("", _("All")), *ANOMALY_CHOICES])
    store = forms.ModelChoiceField(
        label=_("Store"), queryset=Store.objects.none(), required=False, empty_label=_("All")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["store"].queryset = store_list(user=self.user)  # type: ignore[attr-defined]

    def clean_store(self) -> int | None:
        store = self.cleaned_data.get("store")
        return store.pk if store else None


class BatchResolveForm(StyledForm):
    use_required_attribute = False

    code = forms.ChoiceField(label=_("Anomaly"), choices=ANOMALY_CHOICES)
    remark = forms.CharField(label=_("Remark"), max_length=500)
