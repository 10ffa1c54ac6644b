"""Console forms of the anomaly list (异常订单): its filters and the batch resolve.

Forms only parse input; the services check it and name the failing field, which the views put
back on these fields (so the names follow the services' arguments).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zhanggui.core.forms import StyledForm
from zhanggui.stores.models import Store
from zhanggui.stores.selectors import store_list

from ..constants import ANOMALY_CHOICES


class AnomalyFilterForm(StyledForm):
    """Filters of the anomaly list; the keys are those of the ``order_list`` selector."""

    anomaly = forms.ChoiceField(label=_("Anomaly"), required=False, choices=[("", _("All")), *ANOMALY_CHOICES])
    store = forms.ModelChoiceField(
        label=_("Store"), queryset=Store.objects.none(), required=False, empty_label=_("All")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["store"].queryset = store_list(user=self.user)  # type: ignore[attr-defined]

    def clean_store(self) -> int | None:
        store = self.cleaned_data.get("store")
        return store.pk if store else None


class BatchResolveForm(StyledForm):
    use_required_attribute = False

    code = forms.ChoiceField(label=_("Anomaly"), choices=ANOMALY_CHOICES)
    remark = forms.CharField(label=_("Remark"), max_length=500)
