"""Console forms of the product, SKU and stock lists' batch actions (one page form for all of a list's actions)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zhanggui.core.forms import StyledForm
from zhanggui.stores.selectors import store_list

from ..models import ListingStatus, Warehouse
from ..services import PRICE_MODES
from .skus import MONEY


class BatchForm(StyledForm):
    """A batch action's fields share one page form with the other actions: no browser-side `required`."""

    use_required_attribute = False


class PriceSetForm(BatchForm):
    list_price = forms.DecimalField(label=_("New price"), **MONEY)  # type: ignore[arg-type]
    reason = forms.CharField(label=_("Reason"), max_length=500)


class PriceChangeForm(BatchForm):
    mode = forms.ChoiceField(label=_("Change"), choices=[(k, v) for k, v in PRICE_MODES.items() if k != "set"])
    value = forms.DecimalField(label=_("By"), **MONEY)  # type: ignore[arg-type]
    reason = forms.CharField(label=_("Reason"), max_length=500)


class StockSetForm(BatchForm):
    warehouse = forms.ModelChoiceField(label=_("Warehouse"), queryset=Warehouse.objects.filter(is_active=True))
    on_hand = forms.IntegerField(label=_("Units on hand"), min_value=0)
    reason = forms.CharField(label=_("Reason"), max_length=500)


class StockCountForm(BatchForm):
    on_hand = forms.IntegerField(label=_("Units on hand"), min_value=0)
    reason = forms.CharField(label=_("Reason"), max_length=500)


class ThresholdForm(BatchForm):
    low_stock_threshold = forms.IntegerField(label=_("Low-stock threshold"), min_value=0)


class ListingActionForm(BatchForm):
    store = forms.ModelChoiceField(label=_("Store"), queryset=None)
    status = forms.ChoiceField(label=_("Set to"), choices=ListingStatus.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["store"].queryset = store_list(user=self.user, filters={"is_active": True})  # type: ignore[attr-defined]
