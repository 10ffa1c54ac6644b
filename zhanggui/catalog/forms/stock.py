"""Console forms of warehouses and stock: list filters, a SKU's counted units, warehouse pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zhanggui.core.forms import StyledForm

from ..models import Warehouse
from .categories import category_field


class StockFilterForm(StyledForm):
    q = forms.CharField(label=_("Keyword"), required=False)
    warehouse = forms.ModelChoiceField(
        label=_("Warehouse"), queryset=Warehouse.objects.all(), required=False, empty_label=_("All")
    )
    category = category_field()
    low_only = forms.BooleanField(label=_("Low stock only"), required=False)


class LowStockFilterForm(StockFilterForm):
    low_only = None  # type: ignore[assignment]  # the low-stock page shows only low rows anyway


class StockAdjustForm(StyledForm):
    warehouse = forms.ModelChoiceField(label=_("Warehouse"), queryset=Warehouse.objects.all())
    on_hand = forms.IntegerField(label=_("Units on hand"), min_value=0, help_text=_("The counted number of units."))
    reason = forms.CharField(label=_("Reason"), max_length=500)


class WarehouseForm(StyledForm):
    code = forms.SlugField(label=_("Code"), max_length=30)
    name = forms.CharField(label=_("Name"), max_length=60)
    region = forms.CharField(label=_("Region"), max_length=60, required=False)


class WarehouseEditForm(WarehouseForm):
    code = None  # type: ignore[assignment]  # the code is what other systems refer to; it does not change
    is_active = forms.BooleanField(label=_("In use"), required=False)
