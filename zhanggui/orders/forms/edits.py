"""Console forms of the edits before shipment: address, shipping fee, price, SKU, seller memo, each with a remark.

Forms only parse input; the services check the business rules and name the failing field, which
the views put back on these forms' fields (so field names follow the services' argument names).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zhanggui.catalog.models import Sku
from zhanggui.core.forms import StyledForm

from ..models import MemoFlag
from .orders import MONEY, reason_field


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
