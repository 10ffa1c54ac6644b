"""Console forms of the category tree, and the category field other lists filter by."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zhanggui.core.forms import StyledForm

from ..models import Category


def category_field(label: Any = None, empty_label: Any = None) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=label or _("Category"),
        queryset=Category.objects.all(),
        required=False,
        empty_label=empty_label or _("All"),
    )


class CategoryForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=60)
    parent = category_field(label=_("Parent category"), empty_label=_("(top level)"))
    sort_order = forms.IntegerField(label=_("Sort order"), min_value=0, initial=0)
