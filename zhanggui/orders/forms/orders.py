"""Console forms of the orders context: list filters, batch actions, order actions and edits.

Forms only parse input; the services check the business rules and name the failing field, which
the views put back on these forms' fields (so field names follow the services' argument names).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zhanggui.catalog.models import Sku
from zhanggui.catalog.selectors import store_list
from zhanggui.core.forms import DateInput, StyledForm
from zhanggui.stores.models import Store

from ..carriers import CARRIERS
from ..models import MemoFlag
from ..selectors.anomalies import ANOMALY_CHOICES
from ..states import OrderStatus

MONEY = {"max_digits": 12, "decimal_places": 2}
OTHER_CARRIER = "OTHER"


def carrier_choices() -> list[tuple[str, Any]]:
    return [*((code, label) for code, (label, _pattern) in CARRIERS.items()), (OTHER_CARRIER, _("Other carrier"))]


def reason_field(label: Any = None, *, required: bool = True) -> forms.CharField:
    return forms.CharField(label=label or _("Remark"), max_length=500, required=required)


class BatchForm(StyledForm):
    """A batch action's fields share one page form with the other actions: no browser-side `required`."""

    use_required_attribute = False


class OrderFilterForm(StyledForm):
    """Filters of the order list; the keys are those of the ``order_list`` selector."""

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


# --- edits before shipment ----------------------------------------------------------------------
class AddressForm(StyledForm):
    """The new address as the buyer gave it; personal fields start empty so the old ones stay masked."""

    receiver_name = forms.CharField(label=_("Receiver"), max_length=60)
    receiver_phone = forms.CharField(label=_("Receiver phone"), max_length=20)
    province = forms.CharField(label=_("Province"), max_length=30)
    city = forms.CharField(label=_("City"), max_length=30)
    district = forms.CharField(label=_("District"), max_length=30, required=False)
    address_detail = forms.CharField(label=_("Street address"), max_length=200)
    reason = reason_field()


class ShippingFeeForm(StyledForm):
    shipping_fee = forms.DecimalField(label=_("Shipping fee"), min_value=Decimal("0"), **MONEY)  # type: ignore[arg-type]
    reason = reason_field()


class PriceAdjustForm(StyledForm):
    amount = forms.DecimalField(
        label=_("Adjustment"),
        help_text=_("A positive amount is a discount for the buyer; a negative one withdraws a discount given before."),
        **MONEY,  # type: ignore[arg-type]
    )
    reason = reason_field()


class LineSkuForm(StyledForm):
    """Another SKU of the line's product (colour or size); ``skus`` are the ones to choose from."""

    sku = forms.ModelChoiceField(label=_("SKU"), queryset=Sku.objects.none(), empty_label=None)
    reason = reason_field()

    def __init__(self, *args: Any, skus: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["sku"]
        field.queryset = skus  # type: ignore[attr-defined]
        field.label_from_instance = sku_choice_label  # type: ignore[attr-defined]


def sku_choice_label(sku: Sku) -> str:
    available = getattr(sku, "available", None)
    label = f"{sku.merchant_code} · {sku.attributes_text}"
    return label if available is None else f"{label} · " + str(_("%(count)s available") % {"count": available})


class MemoForm(StyledForm):
    seller_memo = forms.CharField(
        label=_("Seller memo"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    memo_flag = forms.ChoiceField(label=_("Flag"), choices=MemoFlag.choices)
    reason = reason_field(required=False)
