"""Console forms of products: the product and SKU lists' filters, a product's pages and listings.

Forms only parse input; the services validate the business rules and name the failing field.
Forms whose choices depend on the staff member's stores read ``self.user`` (see ``for_user``).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zhanggui.core.forms import StyledForm
from zhanggui.stores.selectors import store_list

from ..models import ListingStatus
from .categories import category_field


class CheckboxList(forms.CheckboxSelectMultiple):
    """Tabler's inline check boxes, one per choice."""

    template_name = "catalog/widgets/checkbox_list.html"
    option_template_name = "catalog/widgets/checkbox_option.html"


class CatalogFilterForm(StyledForm):
    """Filters of the product and SKU lists."""

    q = forms.CharField(label=_("Keyword"), required=False, help_text=_("Name, merchant code or barcode"))
    category = category_field()
    store = forms.ModelChoiceField(label=_("Store"), queryset=None, required=False, empty_label=_("All"))
    status = forms.ChoiceField(
        label=_("Listing status"), required=False, choices=[("", _("All")), *ListingStatus.choices]
    )
    low_only = forms.BooleanField(label=_("Low stock only"), required=False)
    sold_out = forms.BooleanField(label=_("Sold out only"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs["placeholder"] = self.fields["q"].help_text
        self.fields["store"].queryset = store_list(user=self.user, filters={"is_active": True})  # type: ignore[attr-defined]


class ProductForm(StyledForm):
    spu_code = forms.CharField(label=_("Product code"), max_length=40)
    name = forms.CharField(label=_("Name"), max_length=120)
    category = category_field(empty_label=_("(no category)"))
    brand = forms.CharField(label=_("Brand"), max_length=60, required=False)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4}))


class ProductCreateForm(ProductForm):
    store_ids = forms.ModelMultipleChoiceField(
        label=_("Offer in stores"),
        queryset=None,
        widget=CheckboxList,
        help_text=_("The product starts delisted in each store; list it when it is ready."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["store_ids"]
        field.queryset = store_list(user=self.user, filters={"is_active": True})  # type: ignore[attr-defined]
        field.widget.attrs["class"] = "form-check-input"


class ListingStatusForm(StyledForm):
    store = forms.ModelChoiceField(label=_("Store"), queryset=None)
    status = forms.ChoiceField(label=_("Status"), choices=ListingStatus.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["store"].queryset = store_list(user=self.user, filters={"is_active": True})  # type: ignore[attr-defined]
