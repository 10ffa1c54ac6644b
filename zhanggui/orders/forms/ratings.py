"""Console forms of store ratings (评价): the list's filters and the rating file upload."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zhanggui.core.forms import DateInput, StyledForm
from zhanggui.stores.models import Store
from zhanggui.stores.selectors import store_list

RATING_CHOICES = [("", _("All")), *((str(n), "★" * n) for n in range(5, 0, -1))]


class RatingFilterForm(StyledForm):
    """Filters of the rating list; the keys are those of the ``rating_list`` selector."""

    keyword = forms.CharField(label=_("Keyword"), required=False, max_length=100)
    store = forms.ModelChoiceField(
        label=_("Store"), queryset=Store.objects.none(), required=False, empty_label=_("All")
    )
    rating = forms.TypedChoiceField(
        label=_("Rating"), required=False, choices=RATING_CHOICES, coerce=int, empty_value=None
    )
    rating_max = forms.TypedChoiceField(
        label=_("Rating up to"), required=False, choices=RATING_CHOICES, coerce=int, empty_value=None
    )
    rated_from = forms.DateField(label=_("Rated from"), required=False, widget=DateInput)
    rated_to = forms.DateField(label=_("Rated to"), required=False, widget=DateInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["keyword"].widget.attrs["placeholder"] = _("Text, product, buyer, rating or order number")
        self.fields["store"].queryset = store_list(user=self.user, filters={})  # type: ignore[attr-defined]

    def clean_store(self) -> int | None:
        store = self.cleaned_data.get("store")
        return store.pk if store else None


class RatingImportForm(StyledForm):
    store = forms.ModelChoiceField(label=_("Store"), queryset=Store.objects.none())
    file = forms.FileField(
        label=_("Rating file"),
        help_text=_("XLSX or CSV (UTF-8 or GBK), one row per rating."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["store"].queryset = store_list(user=self.user, filters={})  # type: ignore[attr-defined]
