"""Console forms of a SKU: its codes and attributes, and its price and price floor."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from zhanggui.core.forms import StyledForm

from ..models import SKU_ATTRIBUTES

MONEY = {"max_digits": 12, "decimal_places": 2, "min_value": Decimal("0.00")}


class SkuForm(StyledForm):
    merchant_code = forms.CharField(label=_("Merchant code"), max_length=40)
    barcode = forms.CharField(label=_("Barcode"), max_length=32, required=False)
    color = forms.CharField(label=SKU_ATTRIBUTES["color"], max_length=40, required=False)
    size = forms.CharField(label=SKU_ATTRIBUTES["size"], max_length=40, required=False)
    material = forms.CharField(label=SKU_ATTRIBUTES["material"], max_length=40, required=False)
    style = forms.CharField(label=SKU_ATTRIBUTES["style"], max_length=40, required=False)
    is_active = forms.BooleanField(label=_("On sale"), required=False, initial=True)

    def attributes(self) -> dict[str, str]:
        return {key: self.cleaned_data.get(key, "") for key in SKU_ATTRIBUTES}


class SkuCreateForm(SkuForm):
    is_active = None  # type: ignore[assignment]  # a new SKU is always on sale
    list_price = forms.DecimalField(label=_("List price"), **MONEY)  # type: ignore[arg-type]
    price_floor = forms.DecimalField(
        label=_("Price floor"),
        initial=Decimal("0.00"),
        help_text=_("No price change may go below this."),
        **MONEY,  # type: ignore[arg-type]
    )


class SkuPriceForm(StyledForm):
    list_price = forms.DecimalField(label=_("New price"), **MONEY)  # type: ignore[arg-type]
    reason = forms.CharField(label=_("Reason"), max_length=500)


class SkuPriceFloorForm(StyledForm):
    price_floor = forms.DecimalField(label=_("New price floor"), **MONEY)  # type: ignore[arg-type]
    reason = forms.CharField(label=_("Reason"), max_length=500)
