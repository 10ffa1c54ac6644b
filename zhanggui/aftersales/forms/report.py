"""The period (and store) of the after-sales report and the defect statistics."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhanggui.core.forms import DateInput, FilterForm
from zhanggui.stores.selectors import store_list

from ..selectors.periods import Period

DEFAULT_DAYS = 30
MAX_DAYS = 366


class PeriodForm(FilterForm):
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput())
    store = forms.ModelChoiceField(label=_("Store"), queryset=None, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["store"].queryset = store_list(user=self.user)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and (end < start or (end - start).days >= MAX_DAYS):
            raise forms.ValidationError(_("Choose a period of one day to a year, the start first."))
        return data

    def period(self) -> Period:
        """The chosen days; by default the last 30 days up to today."""
        today = timezone.localdate()
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        end = data.get("date_to") or today
        start = data.get("date_from") or end - dt.timedelta(days=DEFAULT_DAYS - 1)
        return Period(start=start, end=end)

    def store_id(self) -> int | None:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        store = data.get("store")
        return store.pk if store else None
