"""Console form of the after-sales imports: store, format, file, and the generic file's column mapping."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zhanggui.core.forms import StyledForm
from zhanggui.stores.models import Store
from zhanggui.stores.selectors import store_list

from .. import imports

FILES = ".xlsx,.csv"
MAPPING_HELP = _("Other spreadsheets only: the header of the column holding this field.")


class CaseImportForm(StyledForm):
    store = forms.ModelChoiceField(label=_("Store"), queryset=Store.objects.none())
    format = forms.ChoiceField(label=_("Format"), choices=list(imports.FORMAT_LABELS.items()), widget=forms.RadioSelect)
    file = forms.FileField(
        label=_("File"),
        help_text=_("XLSX or CSV (UTF-8 or GBK) as the platform exports it, one row per request."),
        widget=forms.ClearableFileInput(attrs={"accept": FILES}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["store"].queryset = store_list(user=self.user, filters={})  # type: ignore[attr-defined]
        for key, (label, required) in imports.GENERIC_FIELDS.items():
            field = forms.CharField(
                label=f"{label}{' *' if required else ''}", required=False, max_length=100, help_text=MAPPING_HELP
            )
            field.widget.attrs["class"] = "form-control"
            self.fields[f"columns.{key}"] = field

    def mapping(self) -> dict[str, str] | None:
        """The generic file's mapping as typed, or None when no column was named."""
        columns = {key: self.cleaned_data.get(f"columns.{key}", "") for key in imports.GENERIC_FIELDS}
        return columns if any(columns.values()) else None
