"""The after-sales sections of the daily opening checklist (开工检查), registered into the orders
context's checklist in ``apps.ready()`` (orders does not know after-sales): open cases, and steps
already past their deadline."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zhanggui.orders.selectors import ChecklistContext, ChecklistItem, SectionRule

from ..models import Case
from ..states import OPEN
from .cases import OPEN_STATUS, OVERDUE, due_filter

DESK_ROLES = frozenset({"aftersales", "manager"})


def case_list_url(**query: Any) -> str:
    """The queue (``aftersales:case_list``), filtered."""
    return reverse("aftersales:case_list") + ("?" + urlencode(query) if query else "")


def case_url(case: Case) -> str:
    return reverse("aftersales:case_detail", args=[case.pk])


def _cases(context: ChecklistContext) -> QuerySet[Case]:
    return Case.objects.filter(store__in=context.stores, status__in=OPEN).select_related("store", "order")


def _item(case: Case) -> ChecklistItem:
    return ChecklistItem(
        label=case.number,
        store=case.store.name,
        detail=f"{case.get_type_display()} · {case.get_status_display()} · {case.order.platform_order_id}",
        url=case_url(case),
        at=case.due_at,
        amount=case.requested_amount or None,
    )


def open_cases(context: ChecklistContext) -> tuple[QuerySet[Any], Callable[[Any], ChecklistItem], str]:
    """Every open case, the soonest due first: what the desk works through today."""
    return _cases(context).order_by("due_at", "requested_at", "pk"), _item, case_list_url(status=OPEN_STATUS)


def overdue_steps(context: ChecklistContext) -> tuple[QuerySet[Any], Callable[[Any], ChecklistItem], str]:
    """Cases whose current step is past its deadline: answer, receive, inspect or resolve them first."""
    queryset = due_filter(_cases(context), OVERDUE, now=context.now).order_by("due_at", "pk")
    return queryset, _item, case_list_url(due=OVERDUE)


CHECKLIST_SECTIONS: tuple[SectionRule, ...] = (
    SectionRule(
        "aftersales_overdue",
        _("After-sales steps past their deadline"),
        _("Handle them first"),
        "aftersales.handle",
        DESK_ROLES,
        overdue_steps,
    ),
    SectionRule(
        "aftersales_open",
        _("Open after-sales cases"),
        _("Open the queue"),
        "aftersales.handle",
        DESK_ROLES,
        open_cases,
    ),
)
