"""Console forms of the catalog: list filters, batch actions and edit pages.

Forms only parse input; the services validate the business rules and name the failing field.
Forms whose choices depend on the staff member's stores read ``self.user`` (see ``for_user``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zhanggui.core.forms import StyledForm

from .. import selectors
from ..models import SKU_ATTRIBUTES, Category, KnowledgeKind, ListingStatus, Warehouse
from ..services import PRICE_MODES

MONEY = {"max_digits": 12, "decimal_places": 2, "min_value": Decimal("0.00")}


class CheckboxList(forms.CheckboxSelectMultiple):
    """Tabler's inline check boxes, one per choice."""

    template_name = "catalog/widgets/checkbox_list.html"
    option_template_name = "catalog/widgets/checkbox_option.html"


class BatchForm(StyledForm):
    """A batch action's fields share one page form with the other actions: no browser-side `required`."""

    use_required_attribute = False


def category_field(label: Any = None, empty_label: Any = None) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=label or _("Category"),
        queryset=Category.objects.all(),
        required=False,
        empty_label=empty_label or _("All"),
    )


class CatalogFilterForm(StyledForm):
    """Filters of the product and SKU lists."""

    q = forms.CharField(label=_("Keyword"), required=False, help_text=_("Name, merchant code or barcode"))
    category = category_field()
    store = forms.ModelChoiceField(label=_("Store"), queryset=None, required=False, empty_label=_("All"))
    status = forms.ChoiceField(
        label=_("Listing status"), required=False, choices=[("", _("All")), *ListingStatus.choices]
    )
    low_only = forms.BooleanField(label=_("Low stock only"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs["placeholder"] = self.fields["q"].help_text
        self.fields["store"].queryset = selectors.store_list(user=self.user)  # type: ignore[attr-defined]


class StockFilterForm(StyledForm):
    q = forms.CharField(label=_("Keyword"), required=False)
    warehouse = forms.ModelChoiceField(
        label=_("Warehouse"), queryset=Warehouse.objects.all(), required=False, empty_label=_("All")
    )
    category = category_field()
    low_only = forms.BooleanField(label=_("Low stock only"), required=False)


class LowStockFilterForm(StockFilterForm):
    low_only = None  # type: ignore[assignment]  # the low-stock page shows only low rows anyway


# --- batch actions ------------------------------------------------------------------------------
class PriceSetForm(BatchForm):
    list_price = forms.DecimalField(label=_("New price"), **MONEY)  # type: ignore[arg-type]
    reason = forms.CharField(label=_("Reason"), max_length=500)


class PriceChangeForm(BatchForm):
    mode = forms.ChoiceField(label=_("Change"), choices=[(k, v) for k, v in PRICE_MODES.items() if k != "set"])
    value = forms.DecimalField(label=_("By"), **MONEY)  # type: ignore[arg-type]
    reason = forms.CharField(label=_("Reason"), max_length=500)


class StockSetForm(BatchForm):
    warehouse = forms.ModelChoiceField(label=_("Warehouse"), queryset=Warehouse.objects.filter(is_active=True))
    on_hand = forms.IntegerField(label=_("Units on hand"), min_value=0)
    reason = forms.CharField(label=_("Reason"), max_length=500)


class StockCountForm(BatchForm):
    on_hand = forms.IntegerField(label=_("Units on hand"), min_value=0)
    reason = forms.CharField(label=_("Reason"), max_length=500)


class ThresholdForm(BatchForm):
    low_stock_threshold = forms.IntegerField(label=_("Low-stock threshold"), min_value=0)


class ListingActionForm(BatchForm):
    store = forms.ModelChoiceField(label=_("Store"), queryset=None)
    status = forms.ChoiceField(label=_("Set to"), choices=ListingStatus.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["store"].queryset = selectors.store_list(user=self.user)  # type: ignore[attr-defined]


# --- edit pages ---------------------------------------------------------------------------------
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
        field.queryset = selectors.store_list(user=self.user)  # type: ignore[attr-defined]
        field.widget.attrs["class"] = "form-check-input"


class SkuForm(StyledForm):
    merchant_code = forms.CharField(label=_("Merchant code"), max_length=40)
    barcode = forms.CharField(label=_("Barcode"), max_length=32, required=False)
    color = forms.CharField(label=SKU_ATTRIBUTES["color"], max_length=40, required=False)
    size = forms.CharField(label=SKU_ATTRIBUTES["size"], max_length=40, required=False)
    material = forms.CharField(label=SKU_ATTRIBUTES["material"], max_length=40, required=False)
    style = forms.CharField(label=SKU_ATTRIBUTES["style"], max_length=40, required=False)
    is_active = forms.BooleanField(label=_("On sale"), required=False, initial=True)

    def attributes(self) -> dict[str, str]:
        return {key: self.cleaned_data.get(key, "") for key in SKU_ATTRIBUTES}


class SkuCreateForm(SkuForm):
    is_active = None  # type: ignore[assignment]  # a new SKU is always on sale
    list_price = forms.DecimalField(label=_("List price"), **MONEY)  # type: ignore[arg-type]
    price_floor = forms.DecimalField(
        label=_("Price floor"),
        initial=Decimal("0.00"),
        help_text=_("No price change may go below this."),
        **MONEY,  # type: ignore[arg-type]
    )


class SkuPriceForm(StyledForm):
    list_price = forms.DecimalField(label=_("New price"), **MONEY)  # type: ignore[arg-type]
    reason = forms.CharField(label=_("Reason"), max_length=500)


class SkuPriceFloorForm(StyledForm):
    price_floor = forms.DecimalField(label=_("New price floor"), **MONEY)  # type: ignore[arg-type]
    reason = forms.CharField(label=_("Reason"), max_length=500)


class StockAdjustForm(StyledForm):
    warehouse = forms.ModelChoiceField(label=_("Warehouse"), queryset=Warehouse.objects.all())
    on_hand = forms.IntegerField(label=_("Units on hand"), min_value=0, help_text=_("The counted number of units."))
    reason = forms.CharField(label=_("Reason"), max_length=500)


class ListingStatusForm(StyledForm):
    store = forms.ModelChoiceField(label=_("Store"), queryset=None)
    status = forms.ChoiceField(label=_("Status"), choices=ListingStatus.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["store"].queryset = selectors.store_list(user=self.user)  # type: ignore[attr-defined]


class CategoryForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=60)
    parent = category_field(label=_("Parent category"), empty_label=_("(top level)"))
    sort_order = forms.IntegerField(label=_("Order"), min_value=0, initial=0)


class WarehouseForm(StyledForm):
    code = forms.SlugField(label=_("Code"), max_length=30)
    name = forms.CharField(label=_("Name"), max_length=60)
    region = forms.CharField(label=_("Region"), max_length=60, required=False)


class WarehouseEditForm(WarehouseForm):
    code = None  # type: ignore[assignment]  # the code is what other systems refer to; it does not change
    is_active = forms.BooleanField(label=_("In use"), required=False)


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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = selectors.products_in_scope(user=self.user).order_by("name")  # type: ignore[attr-defined]


class KnowledgeSearchForm(StyledForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All")), *KnowledgeKind.choices])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.update({"placeholder": _("e.g. down jacket fill weight"), "autofocus": True})
