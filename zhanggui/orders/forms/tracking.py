"""Console form of the carrier's tracking file upload."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zhanggui.core.forms import StyledForm


class TrackingImportForm(StyledForm):
    file = forms.FileField(
        label=_("Tracking file"),
        help_text=_("XLSX or CSV (UTF-8 or GBK) as the carrier exports it, one row per tracking event."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
