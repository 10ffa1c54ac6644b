"""Console form of batch shipping from a file (批量发货): the uploaded file."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ShippingFileForm(forms.Form):
    file = forms.FileField(
        label=_("Shipping file"),
        help_text=_("An Excel workbook (.xlsx) or a CSV file (UTF-8 or GBK), one row per order."),
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".xlsx,.csv"}),
    )
