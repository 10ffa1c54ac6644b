"""Forms of the actions taken from a conversation: change the order's address, the seller memo, open
an after-sales case, a follow-up, a transfer.

Each action calls the service of the context that owns it; the field names follow that service's
arguments, so its errors land on the right field.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhanggui.aftersales.models import Reason
from zhanggui.aftersales.states import CaseType
from zhanggui.core.forms import StyledForm
from zhanggui.orders.models import MemoFlag, Order

from ..constants import FollowUpKind

# The province-level divisions as addresses write them, for the address form's select.
PROVINCES = (
    "北京市", "天津市", "河北省", "山西省", "内蒙古自治区", "辽宁省", "吉林省", "黑龙江省", "上海市", "江苏省",
    "浙江省", "安徽省", "福建省", "江西省", "山东省", "河南省", "湖北省", "湖南省", "广东省", "广西壮族自治区",
    "海南省", "重庆市", "四川省", "贵州省", "云南省", "西藏自治区", "陕西省", "甘肃省", "青海省", "宁夏回族自治区",
    "新疆维吾尔自治区", "台湾省", "香港特别行政区", "澳门特别行政区",
)  # fmt: skip


class AddressForm(StyledForm):
    """The new address the buyer gave in the chat. Receiver and phone left empty keep the order's
    own (which stay masked: the agent need not see them to change the street)."""

    province = forms.ChoiceField(label=_("Province"))
    city = forms.CharField(label=_("City"), max_length=30)
    district = forms.CharField(label=_("District"), max_length=30, required=False)
    address_detail = forms.CharField(label=_("Street address"), max_length=200)
    receiver_name = forms.CharField(label=_("Receiver"), max_length=60, required=False)
    receiver_phone = forms.CharField(label=_("Receiver phone"), max_length=20, required=False)
    reason = forms.CharField(label=_("Remark"), max_length=500)

    def __init__(self, *args: Any, order: Order, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", self.empty_choice_label), *((name, name) for name in PROVINCES)]
        if order.province and order.province not in PROVINCES:
            choices.append((order.province, order.province))
        self.fields["province"].choices = choices  # type: ignore[attr-defined]
        for name in ("receiver_name", "receiver_phone"):
            self.fields[name].widget.attrs["placeholder"] = _("Leave empty to keep the order's.")
        # One line for the region, one for the receiver (the modal fits a 768-pixel screen).
        for name, col in (("province", 4), ("city", 4), ("district", 4), ("receiver_name", 6), ("receiver_phone", 6)):
            self.fields[name].col = col  # type: ignore[attr-defined]


class MemoForm(StyledForm):
    """The seller memo (卖家备注) and its flag colour, as the orders page writes them."""

    seller_memo = forms.CharField(
        label=_("Seller memo"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    memo_flag = forms.ChoiceField(label=_("Flag"), choices=MemoFlag.choices)


class CaseForm(StyledForm):
    """A compact after-sales request: type, reason, and the units of each line the buyer means."""

    type = forms.ChoiceField(label=_("Type"), choices=CaseType.choices)
    reason = forms.ModelChoiceField(label=_("Reason"), queryset=Reason.objects.filter(is_active=True))
    description = forms.CharField(
        label=_("Buyer's description"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, order: Order, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].queryset = Reason.objects.filter(is_active=True)  # type: ignore[attr-defined]
        self.fields["type"].col = self.fields["reason"].col = 6  # type: ignore[attr-defined]
        self.order_lines = list(order.lines.all())
        for line in self.order_lines:
            field = forms.IntegerField(
                label=f"{line.title} {line.attributes}".strip(),
                min_value=0,
                max_value=line.quantity,
                initial=0,
                required=False,
            )
            field.widget.attrs.update({"class": "form-control form-control-sm", "style": "width: 5rem"})
            self.fields[f"line_{line.pk}"] = field

    def line_fields(self) -> list[forms.BoundField]:
        return [self[f"line_{line.pk}"] for line in self.order_lines]

    def picked(self) -> list[tuple[int, int]]:
        """(order line id, units) of each line with units asked, in the order's line order."""
        data = self.cleaned_data
        return [(line.pk, data[f"line_{line.pk}"]) for line in self.order_lines if data.get(f"line_{line.pk}")]


def _tomorrow_morning() -> dt.datetime:
    now = timezone.localtime()
    return (now + dt.timedelta(days=1)).replace(hour=10, minute=0, second=0, microsecond=0)


class FollowUpForm(StyledForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=FollowUpKind.choices, initial=FollowUpKind.FOLLOW_UP)
    due_at = forms.DateTimeField(
        label=_("Due"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["due_at"].initial = _tomorrow_morning
        self.fields["kind"].col = self.fields["due_at"].col = 6  # type: ignore[attr-defined]


class TransferForm(StyledForm):
    """To another agent or to a group, with a note the next agent reads (posted to the assignment area)."""

    to_staff = forms.ChoiceField(label=_("To agent"), required=False)
    to_group = forms.ChoiceField(label=_("To group"), required=False)
    note = forms.CharField(label=_("Note"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, agents: list[Any] = (), groups: list[Any] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["to_staff"].choices = [("", self.empty_choice_label), *((a.pk, str(a)) for a in agents)]  # type: ignore[attr-defined]
        self.fields["to_group"].choices = [("", self.empty_choice_label), *((g.pk, str(g)) for g in groups)]  # type: ignore[attr-defined]
        self.fields["to_staff"].col = self.fields["to_group"].col = 6  # type: ignore[attr-defined]
