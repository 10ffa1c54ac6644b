"""Console forms of the order imports: the upload (store, format, files) and a store's column mapping."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zhanggui.core.forms import StyledForm
from zhanggui.stores.models import Store
from zhanggui.stores.selectors import store_list

from .. import imports

REQUIRED = _("Required: every file must have this column.")
FILES = ".xlsx,.csv"


class OrderImportForm(StyledForm):
    store = forms.ModelChoiceField(label=_("Store"), queryset=Store.objects.none())
    format = forms.ChoiceField(label=_("Format"), choices=list(imports.FORMAT_LABELS.items()), widget=forms.RadioSelect)
    file = forms.FileField(
        label=_("File"),
        help_text=_("Taobao: the order file (ExportOrderList). XLSX or CSV, UTF-8 or GBK."),
        widget=forms.ClearableFileInput(attrs={"accept": FILES}),
    )
    companion_file = forms.FileField(
        label=_("Taobao line file"),
        required=False,
        help_text=_("Taobao only: the order line file (ExportOrderDetailList) exported with it."),
        widget=forms.ClearableFileInput(attrs={"accept": FILES}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["store"].queryset = store_list(user=self.user, filters={})  # type: ignore[attr-defined]


class MappingForm(StyledForm):
    """The store, and for each of our fields the header of the column holding it in the store's files."""

    store = forms.ModelChoiceField(label=_("Store"), queryset=Store.objects.none())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["store"].queryset = store_list(user=self.user, filters={})  # type: ignore[attr-defined]
        for key, (label, required) in imports.GENERIC_FIELDS.items():
            field = forms.CharField(label=label, required=False, max_length=100, help_text=REQUIRED if required else "")
            field.widget.attrs["class"] = "form-control"
            self.fields[f"columns.{key}"] = field
