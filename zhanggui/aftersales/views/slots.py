"""What after-sales adds to the order pages (``core.slots``): a panel of the order's cases on its
page, and a marker on the order list for orders with open cases. Registered in ``apps.ready()``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.translation import gettext

from zhanggui.core.permissions import has_perm

from .. import selectors
from .display import STATUS_COLOURS

ORDER_PANELS = "orders.order_detail.panels"
ORDER_BADGES = "orders.order_list.badges"


def order_panel(request: HttpRequest, order: Any) -> str:
    """The order's cases (links and statuses), its refunded amount, and 申请售后 where allowed."""
    user = request.user
    if not has_perm(user, "aftersales.view"):
        return ""
    cases = selectors.cases_of_order(user=user, order_id=order.pk)
    context = {
        "order": order,
        "cases": [(case, STATUS_COLOURS.get(case.status, "secondary")) for case in cases],
        "can_create": has_perm(user, "aftersales.create") and order.paid_amount > 0,
    }
    return render_to_string("aftersales/order_panel.html", context, request=request)


def order_badges(request: HttpRequest, orders: Sequence[Any]) -> dict[int, str]:
    """售后中 on each listed order with open cases (how many, when more than one); one query."""
    if not has_perm(request.user, "aftersales.view"):
        return {}
    counts = selectors.open_case_counts(user=request.user, order_ids=[order.pk for order in orders])
    return {
        order_id: format_html(
            '<span class="badge bg-purple-lt" data-aftersales-open="{}">{}</span>',
            count,
            gettext("In after-sales") if count == 1 else gettext("In after-sales ×%(count)d") % {"count": count},
        )
        for order_id, count in counts.items()
    }
