"""Console forms of product knowledge: an entry, and the word search."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zhanggui.core.forms import StyledForm

from .. import selectors
from ..models import KnowledgeKind, Sku


class KnowledgeForm(StyledForm):
    product = forms.ModelChoiceField(
        label=_("Product"),
        queryset=None,
        required=False,
        empty_label=_("(general, not about one product)"),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=KnowledgeKind.choices)
    title = forms.CharField(label=_("Title"), max_length=120)
    body = forms.CharField(label=_("Content"), widget=forms.Textarea(attrs={"rows": 8}))
    skus = forms.ModelMultipleChoiceField(
        label=_("For SKUs"),
        queryset=None,
        required=False,
        help_text=_("Usage and installation guides for one model: after-sales offers them on cases about these SKUs."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = selectors.products_in_scope(user=self.user).order_by("name")  # type: ignore[attr-defined]
        products = selectors.products_in_scope(user=self.user).values("pk")  # type: ignore[attr-defined]
        skus = Sku.objects.filter(product_id__in=products).select_related("product")
        self.fields["skus"].queryset = skus.order_by("product__name", "merchant_code")  # type: ignore[attr-defined]
        self.fields["skus"].label_from_instance = lambda sku: f"{sku.merchant_code} · {sku.product.name}"  # type: ignore[attr-defined]


class KnowledgeSearchForm(StyledForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All")), *KnowledgeKind.choices])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.update({"placeholder": _("e.g. down jacket fill weight"), "autofocus": True})
