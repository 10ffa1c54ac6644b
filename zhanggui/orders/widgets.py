"""The orders context's cards on the home page: the order desk's queues, the opening checklist, today's sales.

Every figure is the count of the list its link opens (the same selector, the same filter), so
the number on the card is the number of rows the clerk finds there.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from zhanggui.core import policy
from zhanggui.core.actors import Actor
from zhanggui.core.widgets import FIGURES_TEMPLATE, Figure, HomeWidget

from .constants import STUCK_SHIPMENT
from .forms.orders import due_soon_label
from .selectors import DUE_SOON, OVERDUE, order_list, paid_orders_by_hour, review_queue, sales_today
from .selectors.checklist import CS_ROLES, opening_checklist

ORDER_DESK = frozenset({"order_clerk"})
# Checklist sections the order desk's cards already count, for everyone who sees the section (the
# card asks for the same permission): the checklist card leaves them out rather than say it twice.
SHOWN_AS_CARDS = frozenset({"overdue_shipment", "held_for_review", "stuck_shipment"})
SALES_READERS = frozenset({"manager", "gm", "analyst"})


def _order_list_url(**query: Any) -> str:
    return reverse("orders:order_list") + "?" + urlencode(query)


def review_queue_card(user: Actor) -> dict[str, Any]:
    """Held orders and how long the oldest has waited since payment."""
    queue = review_queue(user=user)
    count = queue.count()
    oldest = queue.first()
    note = ""
    if oldest is not None and oldest.paid_at is not None:
        hours = int((timezone.now() - oldest.paid_at).total_seconds() // 3600)
        note = gettext("the oldest was paid %(hours)s h ago") % {"hours": hours}
    figure = Figure("review_queue", _("Orders to review"), count, reverse("orders:review_queue"), note, alert=True)
    return {"figures": [figure], "todo": count}


def out_of_stock_card(user: Actor) -> dict[str, Any]:
    """Paid orders waiting for stock (缺货)."""
    count = order_list(user=user, filters={"out_of_stock": True}).count()
    figure = Figure("out_of_stock", _("Orders out of stock"), count, _order_list_url(out_of_stock=1), alert=True)
    return {"figures": [figure], "todo": count}


def shipping_card(user: Actor) -> dict[str, Any]:
    """Paid orders past their store's shipping promise, and those whose promise runs out soon."""
    overdue = order_list(user=user, filters={"ship_due": OVERDUE}).count()
    due_soon = order_list(user=user, filters={"ship_due": DUE_SOON}).count()
    figures = [
        Figure("overdue", _("Overdue"), overdue, _order_list_url(ship_due=OVERDUE, sort="paid_at"), alert=True),
        Figure("due_soon", due_soon_label(), due_soon, _order_list_url(ship_due=DUE_SOON, sort="paid_at")),
    ]
    return {"figures": figures, "todo": overdue + due_soon}


def stuck_parcels_card(user: Actor) -> dict[str, Any]:
    """Shipped parcels without tracking news for days."""
    count = order_list(user=user, filters={"anomaly": STUCK_SHIPMENT}).count()
    figure = Figure("stuck", _("Parcels without news"), count, _order_list_url(anomaly=STUCK_SHIPMENT), alert=True)
    return {"figures": [figure], "todo": count}


def checklist_card(user: Actor) -> dict[str, Any] | None:
    """The opening checklist's sections no other card shows, with their counts; none when none is left."""
    sections = [section for section in opening_checklist(user=user) if section.key not in SHOWN_AS_CARDS]
    if not sections:
        return None
    return {"sections": sections, "todo": sum(section.count for section in sections)}


def sales_today_card(user: Actor) -> dict[str, Any] | None:
    """Paid orders and amounts per store today, and the hourly curve against yesterday's."""
    now = timezone.now()
    rows = sales_today(user=user, now=now)
    if not rows:
        return None
    today = timezone.localdate(now)
    totals: dict[str, Decimal] = {}  # per currency: amounts in different currencies are never added
    for row in rows:
        totals[row.store.currency] = totals.get(row.store.currency, Decimal("0.00")) + row.amount
    query = {"paid_from": today.isoformat(), "paid_to": today.isoformat()}
    return {
        "today": today,
        "rows": [{"sales": row, "url": _order_list_url(store=row.store.pk, **query)} for row in rows],
        "orders": sum(row.orders for row in rows),
        "orders_yesterday": sum(row.orders_yesterday for row in rows),
        "amounts": sorted(totals.items()),
        "all_url": _order_list_url(**query),
        "chart": hourly_chart(user, today, timezone.localtime(now).hour),
    }


def hourly_chart(user: Actor, today: dt.date, hour_now: int) -> dict[str, Any]:
    """The ECharts option of today's paid orders per hour (up to this hour) against yesterday's."""
    today_counts = paid_orders_by_hour(user=user, day=today)[: hour_now + 1]
    yesterday_counts = paid_orders_by_hour(user=user, day=today - dt.timedelta(days=1))
    today_name, yesterday_name = gettext("Today"), gettext("Yesterday")
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"data": [today_name, yesterday_name], "top": 0},
        "grid": {"left": 36, "right": 16, "top": 32, "bottom": 24},
        "xAxis": {"type": "category", "boundaryGap": False, "data": [f"{hour:02d}:00" for hour in range(24)]},
        "yAxis": {"type": "value", "minInterval": 1},
        "series": [
            {"name": today_name, "type": "line", "data": today_counts, "areaStyle": {"opacity": 0.1}},
            {"name": yesterday_name, "type": "line", "data": yesterday_counts, "lineStyle": {"type": "dashed"}},
        ],
    }


WIDGETS = [
    HomeWidget(
        "orders.review_queue",
        _("Review queue"),
        "orders.review",
        FIGURES_TEMPLATE,
        review_queue_card,
        order=100,
        roles=ORDER_DESK,
    ),
    HomeWidget(
        "orders.shipping", _("To ship"), "orders.ship", FIGURES_TEMPLATE, shipping_card, order=110, roles=ORDER_DESK
    ),
    HomeWidget(
        "orders.out_of_stock",
        _("Out of stock"),
        "orders.review",
        FIGURES_TEMPLATE,
        out_of_stock_card,
        order=120,
        roles=ORDER_DESK,
    ),
    HomeWidget(
        "orders.stuck_parcels",
        _("Stuck parcels"),
        "orders.view",
        FIGURES_TEMPLATE,
        stuck_parcels_card,
        order=130,
        roles=ORDER_DESK | {"aftersales"},
    ),
    HomeWidget(
        "orders.checklist",
        _("Opening checklist"),
        policy.AUTHENTICATED,
        "orders/home/checklist.html",
        checklist_card,
        order=140,
        roles=CS_ROLES - {"manager"},
    ),
    HomeWidget(
        "orders.sales_today",
        _("Today's sales"),
        "orders.view",
        "orders/home/sales_today.html",
        sales_today_card,
        order=10,
        roles=SALES_READERS,
        wide=True,
        scripts=("vendor/echarts/echarts.min.js", "core/charts.js"),
    ),
]
