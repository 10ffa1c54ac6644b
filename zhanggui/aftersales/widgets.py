"""Home cards of the after-sales context.

Every figure is the count of the queue its link opens (the same selector, the same filter), so the
number on the card is the number of rows the specialist finds there.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zhanggui.core.actors import Actor
from zhanggui.core.widgets import FIGURES_TEMPLATE, Figure, HomeWidget

# as-feedback: the desk's deadlines and the return-rate flags
from .selectors import AWAITING_INSPECTION, DUE_SOON, OVERDUE, case_list, return_rate_flag_list
from .selectors.checklist import case_list_url

FLAGS_SHOWN = 5


def deadlines_card(user: Actor) -> dict[str, Any]:
    """Steps past their deadline, those due within a working day, and returns waiting for inspection."""
    overdue = case_list(user=user, filters={"due": OVERDUE}).count()
    due_soon = case_list(user=user, filters={"due": DUE_SOON}).count()
    awaiting = case_list(user=user, filters={AWAITING_INSPECTION: True}).count()
    figures = [
        Figure("overdue", _("Overdue"), overdue, case_list_url(due=OVERDUE), alert=True),
        Figure("due_soon", _("Due within 8 h"), due_soon, case_list_url(due=DUE_SOON)),
        Figure("awaiting_inspection", _("Awaiting inspection"), awaiting, case_list_url(awaiting_inspection=1)),
    ]
    return {"figures": figures, "todo": overdue + due_soon + awaiting}


def return_rate_flags_card(user: Actor) -> dict[str, Any] | None:
    """SKUs flagged for their return rate and not yet taken up; none: no card."""
    flags = return_rate_flag_list(user=user, filters={"acknowledged": False})
    count = flags.count()
    if not count:
        return None
    return {"flags": list(flags[:FLAGS_SHOWN]), "count": count, "todo": count, "url": reverse("aftersales:defects")}


WIDGETS = [
    HomeWidget(
        "aftersales.deadlines",
        _("After-sales deadlines"),
        "aftersales.handle",
        FIGURES_TEMPLATE,
        deadlines_card,
        order=150,
        roles=frozenset({"aftersales"}),
    ),
    HomeWidget(
        "aftersales.return_rate_flags",
        _("Return-rate flags"),
        "aftersales.report",
        "aftersales/home/return_rate_flags.html",
        return_rate_flags_card,
        order=160,
        roles=frozenset({"operator", "manager"}),
    ),
]
