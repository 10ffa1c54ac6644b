"""Forms of the product page's pictures: upload, position, the SKUs a picture stands for."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Product, Sku

ACCEPTED_PICTURES = "image/jpeg,image/png,image/webp"


class ProductImageForm(forms.Form):
    # The browser's content type only narrows the file chooser; the service judges the content.
    image = forms.FileField(
        label=_("Picture"),
        widget=forms.FileInput(attrs={"accept": ACCEPTED_PICTURES, "class": "form-control form-control-sm"}),
    )


class ProductImageMoveForm(forms.Form):
    position = forms.IntegerField(label=_("Position"), min_value=0)


class ProductImageSkusForm(forms.Form):
    sku_ids = forms.ModelMultipleChoiceField(
        label=_("SKUs"), queryset=Sku.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, product: Product, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sku_ids"].queryset = Sku.objects.filter(product=product)  # type: ignore[attr-defined]
