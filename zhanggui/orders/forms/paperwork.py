"""Console forms of the paperwork (打单): print and ship's carrier, and numbers into the tracking pool."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zhanggui.core.forms import StyledForm

from ..constants import CARRIERS
from .orders import BatchForm


def pool_carrier_choices() -> list[tuple[str, Any]]:
    """Carriers that allocate numbers to a pool: the known ones (numbers are checked against their format)."""
    return [(code, label) for code, (label, _pattern) in CARRIERS.items()]


class PrintShipForm(BatchForm):
    """Print and ship (打印并发货): whose pool the selected orders' numbers come from."""

    carrier = forms.ChoiceField(label=_("Carrier of the labels"), choices=pool_carrier_choices)


class TrackingPoolFileForm(StyledForm):
    carrier = forms.ChoiceField(label=_("Carrier"), choices=pool_carrier_choices)
    file = forms.FileField(
        label=_("File of tracking numbers"),
        help_text=_("An Excel workbook (.xlsx) or a CSV file, one tracking number per row in the first column."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )


class TrackingPoolTypedForm(StyledForm):
    carrier = forms.ChoiceField(label=_("Carrier"), choices=pool_carrier_choices)
    numbers = forms.CharField(
        label=_("Tracking numbers, one a line"), widget=forms.Textarea(attrs={"rows": 4}), max_length=400000
    )

    def clean_numbers(self) -> list[str]:
        return self.cleaned_data["numbers"].splitlines()
