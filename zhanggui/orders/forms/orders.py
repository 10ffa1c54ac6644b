"""Console forms of the orders: list filters, batch actions and the actions on one order.

Forms only parse input; the services check the business rules and name the failing field, which
the views put back on these forms' fields (so field names follow the services' argument names).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from zhanggui.core.forms import DateInput, StyledForm
from zhanggui.stores.models import Store
from zhanggui.stores.selectors import store_list

from ..constants import ANOMALY_CHOICES, CARRIERS
from ..models import MemoFlag
from ..selectors.orders import DUE_SOON, DUE_SOON_HOURS, OVERDUE
from ..states import LogisticsStatus, OrderStatus

MONEY = {"max_digits": 12, "decimal_places": 2}
OTHER_CARRIER = "OTHER"


def carrier_choices() -> list[tuple[str, Any]]:
    return [*((code, label) for code, (label, _pattern) in CARRIERS.items()), (OTHER_CARRIER, _("Other carrier"))]


def due_soon_label() -> Any:
    """The name of the orders whose shipping promise runs out soon (translated when shown)."""
    return ngettext_lazy("Due within %(hours)d hour", "Due within %(hours)d hours", "hours") % {"hours": DUE_SOON_HOURS}


def reason_field(label: Any = None, *, required: bool = True) -> forms.CharField:
    return forms.CharField(label=label or _("Remark"), max_length=500, required=required)


class BatchForm(StyledForm):
    """A batch action's fields share one page form with the other actions: no browser-side `required`."""

    use_required_attribute = False


class OrderFilterForm(StyledForm):
    """Filters of the order list; the keys are those of the ``order_list`` selector."""

    more_fields = (
        "amount_min",
        "amount_max",
        "out_of_stock",
        "memo_flag",
        "anomaly",
        "paid_from",
        "paid_to",
        "ship_due",
        "logistics_status",
    )

    keyword = forms.CharField(label=_("Keyword"), required=False, help_text=_("Order number, buyer or tracking number"))
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All")), *OrderStatus.choices])
    store = forms.ModelChoiceField(
        label=_("Store"), queryset=Store.objects.none(), required=False, empty_label=_("All")
    )
    created_from = forms.DateField(label=_("Ordered from"), required=False, widget=DateInput)
    created_to = forms.DateField(label=_("Ordered to"), required=False, widget=DateInput)
    amount_min = forms.DecimalField(label=_("Paid from"), required=False, min_value=Decimal("0"), **MONEY)  # type: ignore[arg-type]
    amount_max = forms.DecimalField(label=_("Paid to"), required=False, min_value=Decimal("0"), **MONEY)  # type: ignore[arg-type]
    out_of_stock = forms.TypedChoiceField(
        label=_("Out of stock"),
        required=False,
        choices=[("", _("All")), ("1", _("Out of stock only")), ("0", _("In stock only"))],
        coerce=lambda value: value == "1",
        empty_value=None,
    )
    memo_flag = forms.ChoiceField(label=_("Flag"), required=False, choices=[("", _("All")), *MemoFlag.choices])
    anomaly = forms.ChoiceField(
        label=_("Anomaly"), required=False, choices=[("", _("All")), ("any", _("Any anomaly")), *ANOMALY_CHOICES]
    )
    paid_from = forms.DateField(label=_("Payment date from"), required=False, widget=DateInput)
    paid_to = forms.DateField(label=_("Payment date to"), required=False, widget=DateInput)
    ship_due = forms.ChoiceField(
        label=_("Shipping promise"),
        required=False,
        choices=[
            ("", _("All")),
            (OVERDUE, _("Overdue")),
            (DUE_SOON, due_soon_label()),
        ],
    )
    logistics_status = forms.ChoiceField(
        label=_("Logistics"), required=False, choices=[("", _("All")), *LogisticsStatus.choices]
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["keyword"].widget.attrs["placeholder"] = self.fields["keyword"].help_text
        self.fields["store"].queryset = store_list(user=self.user)  # type: ignore[attr-defined]
        for name in ("amount_min", "amount_max"):
            self.fields[name].widget.attrs["style"] = "width: 7rem"

    def clean_store(self) -> int | None:
        store = self.cleaned_data.get("store")
        return store.pk if store else None


# --- batch actions on the list ------------------------------------------------------------------
class BatchApproveForm(BatchForm):
    reason = reason_field(required=False)


class BatchMemoForm(BatchForm):
    memo = forms.CharField(label=_("Seller memo"), max_length=1000, required=False)
    flag = forms.ChoiceField(label=_("Flag"), choices=MemoFlag.choices)


class BatchShipForm(BatchForm):
    """One carrier for every selected order and their tracking numbers, one a line, in table order
    (what a waybill scanner types into the box)."""

    carrier = forms.ChoiceField(label=_("Carrier"), choices=carrier_choices)
    tracking_numbers = forms.CharField(
        label=_("Tracking numbers, one a line, in the order of the selected rows"),
        widget=forms.Textarea(attrs={"rows": 2, "cols": 24}),
    )

    def clean_tracking_numbers(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["tracking_numbers"].splitlines() if line.strip()]


# --- actions on one order -----------------------------------------------------------------------
class ReasonForm(StyledForm):
    """Approve (remark optional)."""

    reason = reason_field(required=False)


class RequiredReasonForm(StyledForm):
    """Hold or cancel: the remark says why."""

    reason = reason_field(_("Reason"))


class ShipForm(StyledForm):
    carrier = forms.ChoiceField(label=_("Carrier"), choices=carrier_choices)
    tracking_no = forms.CharField(label=_("Tracking number"), max_length=40)


class AnomalyResolveForm(StyledForm):
    code = forms.CharField(max_length=40, widget=forms.HiddenInput)
    remark = reason_field()
