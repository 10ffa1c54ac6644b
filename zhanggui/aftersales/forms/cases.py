"""Console forms of after-sales: the queue's filters and batch actions, and the actions on one case.

Forms only parse input; the services check the rules and name the failing field, which the views
put back on these forms' fields (so field names follow the services' argument names).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from zhanggui.accounts.models import Staff
from zhanggui.catalog.models import Sku
from zhanggui.catalog.selectors import warehouse_list
from zhanggui.core.forms import DateInput, FilterForm, StyledForm
from zhanggui.orders.constants import CARRIERS
from zhanggui.stores.models import Store
from zhanggui.stores.selectors import store_list

from ..models import InspectionResult, Reason, Responsibility
from ..selectors import DUE_SOON, OPEN_STATUS, OVERDUE, case_handlers
from ..selectors.cases import DUE_SOON_HOURS
from ..states import CaseStatus, CaseType

MONEY = {"max_digits": 12, "decimal_places": 2}

# What a shop most often answers when it refuses (the buyer and the platform read it).
REFUSAL_REASONS: tuple[tuple[str, Any], ...] = (
    ("resale", _("The goods can no longer be resold (worn, washed or tags removed)")),
    ("period", _("Outside the after-sales period")),
    ("proof", _("No valid proof of the problem")),
    ("mismatch", _("The returned goods do not match the order")),
    ("buyer_damage", _("Damage caused by the buyer")),
    ("other", _("Other")),
)


def carrier_choices() -> list[tuple[str, Any]]:
    return [(code, label) for code, (label, _pattern) in CARRIERS.items()]


def reason_queryset() -> Any:
    return Reason.objects.filter(is_active=True)


class CaseFilterForm(FilterForm):
    """Filters of the case queue; the keys are those of the ``case_list`` selector."""

    more_fields = ("reason", "responsibility", "awaiting_inspection", "requested_from", "requested_to")

    keyword = forms.CharField(
        label=_("Keyword"), required=False, help_text=_("Case number, order number, buyer or return waybill")
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), (OPEN_STATUS, _("Open")), *CaseStatus.choices]
    )
    type = forms.ChoiceField(label=_("Type"), required=False, choices=[("", _("All")), *CaseType.choices])
    store = forms.ModelChoiceField(label=_("Store"), queryset=Store.objects.none(), required=False)
    assignee = forms.ChoiceField(label=_("Handler"), required=False)
    due = forms.ChoiceField(
        label=_("Deadline"),
        required=False,
        choices=[
            ("", _("All")),
            (OVERDUE, _("Overdue")),
            (
                DUE_SOON,
                ngettext_lazy("Due within %(hours)d hour", "Due within %(hours)d hours", "hours")
                % {"hours": DUE_SOON_HOURS},
            ),
        ],
    )
    reason = forms.ModelChoiceField(label=_("Reason"), queryset=Reason.objects.all(), required=False)
    responsibility = forms.ChoiceField(
        label=_("Responsibility"), required=False, choices=[("", _("All")), *Responsibility.choices]
    )
    awaiting_inspection = forms.TypedChoiceField(
        label=_("Inspection"),
        required=False,
        choices=[("", _("All")), ("1", _("Awaiting inspection"))],
        coerce=lambda value: value == "1",
        empty_value=None,
    )
    requested_from = forms.DateField(label=_("Requested from"), required=False, widget=DateInput)
    requested_to = forms.DateField(label=_("Requested to"), required=False, widget=DateInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["keyword"].widget.attrs["placeholder"] = self.fields["keyword"].help_text
        store = self.fields["store"]
        store.queryset = store_list(user=self.user)  # type: ignore[attr-defined]
        store.empty_label = self.empty_choice_label  # type: ignore[attr-defined]
        self.fields["reason"].empty_label = self.empty_choice_label  # type: ignore[attr-defined]
        self.fields["assignee"].choices = [
            ("", _("All")),
            ("me", _("Mine")),
            ("none", _("Unassigned")),
            *((str(staff.pk), str(staff)) for staff in case_handlers(user=self.user)),
        ]

    def clean_store(self) -> int | None:
        store = self.cleaned_data.get("store")
        return store.pk if store else None

    def clean_reason(self) -> int | None:
        reason = self.cleaned_data.get("reason")
        return reason.pk if reason else None


# --- batch actions on the queue ------------------------------------------------------------------
class BatchForm(StyledForm):
    """A batch action's fields share one page form with the other actions: no browser-side `required`."""

    use_required_attribute = False


class RefusalFields(forms.Form):
    """A refusal: one of the common reasons, and what else the buyer should read."""

    refusal = forms.ChoiceField(label=_("Refusal reason"), choices=[("", _("Choose…")), *REFUSAL_REASONS])
    detail = forms.CharField(label=_("Details for the buyer"), max_length=150, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        refusal, detail = data.get("refusal"), (data.get("detail") or "").strip()
        if refusal == "other" and not detail:
            self.add_error("detail", _("Say why the request is refused."))
        elif refusal:
            label = str(dict(REFUSAL_REASONS)[refusal])
            joined = gettext("%(reason)s: %(detail)s") % {"reason": label, "detail": detail}
            data["reason"] = detail if refusal == "other" else (joined if detail else label)
        return data


class BatchApproveForm(BatchForm):
    note = forms.CharField(label=_("Remark"), max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["note"].widget.attrs["style"] = "width: 9rem"


class BatchRejectForm(RefusalFields, BatchForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The bar stays one row on a laptop's screen: the reasons' long texts do not size the select.
        self.fields["refusal"].widget.attrs["style"] = "width: 12rem"
        self.fields["detail"].widget.attrs["style"] = "width: 9rem"


# --- actions on one case -------------------------------------------------------------------------
class NoteForm(StyledForm):
    note = forms.CharField(label=_("Remark"), max_length=200, required=False)


class RejectForm(RefusalFields, StyledForm):
    pass


class AssignForm(StyledForm):
    assignee = forms.ModelChoiceField(label=_("Handler"), queryset=Staff.objects.none(), required=False)

    def __init__(self, *args: Any, store_id: int | None = None, user: Any = None, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)
        field = self.fields["assignee"]
        field.queryset = case_handlers(user=self.user, store_id=store_id)  # type: ignore[attr-defined]
        field.empty_label = _("Nobody")  # type: ignore[attr-defined]


class WaybillForm(StyledForm):
    carrier = forms.ChoiceField(label=_("Carrier"), choices=carrier_choices)
    tracking_no = forms.CharField(label=_("Tracking number"), max_length=40)


class InspectForm(StyledForm):
    result = forms.ChoiceField(label=_("Result"), choices=InspectionResult.choices, widget=forms.RadioSelect)
    note = forms.CharField(label=_("Inspection notes"), max_length=500, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["result"].widget.attrs["class"] = "form-check-input"


class RestockForm(StyledForm):
    warehouse = forms.ModelChoiceField(label=_("Warehouse"), queryset=warehouse_list(filters={"is_active": True}))


class RefundForm(StyledForm):
    amount = forms.DecimalField(label=_("Refund amount"), min_value=Decimal("0.01"), **MONEY)  # type: ignore[arg-type]
    idempotency_key = forms.CharField(max_length=120, widget=forms.HiddenInput)


def exchange_choices(line: Any) -> Any:
    """The SKUs a line may be exchanged for: the active SKUs of its product (another size or colour)."""
    if line.sku is None:
        return Sku.objects.none()
    return Sku.objects.filter(product_id=line.sku.product_id, is_active=True).order_by("merchant_code")


class CreateForm(StyledForm):
    """A new case on one order: what the buyer wants and why; the lines are fields of their own."""

    type = forms.ChoiceField(label=_("Type"), choices=CaseType.choices)
    reason = forms.ModelChoiceField(label=_("Reason"), queryset=Reason.objects.none())
    description = forms.CharField(
        label=_("Buyer's description"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, lines: list[Any] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["reason"].queryset = reason_queryset()  # type: ignore[attr-defined]
        self.order_lines = list(lines)
        for item in self.order_lines:
            pk = item.line.pk
            self.fields[f"line_{pk}_pick"] = forms.BooleanField(label=item.line.title, required=False)
            self.fields[f"line_{pk}_quantity"] = forms.IntegerField(
                label=_("Quantity"),
                min_value=1,
                max_value=item.line.quantity,
                initial=item.line.quantity,
                required=False,
            )
            self.fields[f"line_{pk}_amount"] = forms.DecimalField(
                label=_("Amount"), min_value=Decimal("0"), required=False, initial=item.refundable, **MONEY
            )
            self.fields[f"line_{pk}_swap"] = forms.ModelChoiceField(
                label=_("Exchange for"),
                queryset=exchange_choices(item.line),
                required=False,
                initial=item.line.sku_id,
                empty_label=gettext("The same SKU"),
            )
            for suffix in ("pick", "quantity", "amount", "swap"):
                widget = self.fields[f"line_{pk}_{suffix}"].widget
                widget.attrs["class"] = widget.attrs.get("class", "") + (" form-control-sm" if suffix != "pick" else "")
                if suffix in ("quantity", "amount"):
                    widget.attrs["style"] = "width: 7rem"
                if suffix == "swap":
                    widget.attrs["class"] = "form-select form-select-sm"
                    widget.attrs["style"] = "max-width: 16rem"

    def line_rows(self) -> list[dict[str, Any]]:
        return [
            {
                "money": item,
                "pick": self[f"line_{item.line.pk}_pick"],
                "quantity": self[f"line_{item.line.pk}_quantity"],
                "amount": self[f"line_{item.line.pk}_amount"],
                "swap": self[f"line_{item.line.pk}_swap"],
            }
            for item in self.order_lines
        ]

    def picked(self) -> list[tuple[int, int, Decimal | None, int | None]]:
        """(order line id, quantity, amount, SKU to exchange for) of each ticked line, in the order's line order."""
        data = self.cleaned_data
        return [
            (
                item.line.pk,
                data.get(f"line_{item.line.pk}_quantity") or item.line.quantity,
                data.get(f"line_{item.line.pk}_amount"),
                swap.pk if (swap := data.get(f"line_{item.line.pk}_swap")) is not None else None,
            )
            for item in self.order_lines
            if data.get(f"line_{item.line.pk}_pick")
        ]
