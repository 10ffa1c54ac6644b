"""The case queue (售后工作台): the specialist's cases, soonest due first, decided in batches."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from zhanggui.core.batch import BatchResult
from zhanggui.core.forms import for_user
from zhanggui.core.views.generic import BatchAction, ObjectListView
from zhanggui.core.views.tables import Column

from .. import selectors, services
from ..forms.cases import BatchApproveForm, BatchRejectForm, CaseFilterForm
from ..models import Case
from .display import STATUS_COLOURS, countdown

CELL = "aftersales/case_list_cell.html"

COLUMNS = [
    # The request's time reads under the number: the deadline column says what matters next.
    Column("number", _("Case number"), sort="requested_at", template=CELL),
    Column("store", _("Store"), value=lambda c: c.store.name, truncate=True, wide_screen=True),
    Column("order", _("Order number"), value=lambda c: c.order.platform_order_id, template=CELL),
    Column("buyer", _("Buyer"), value=lambda c: c.order.buyer.nickname, truncate=True),
    Column("type", _("Type"), value=lambda c: c.get_type_display(), sort="type", truncate=True),
    # Who is responsible reads under the reason: one column less on a laptop's screen.
    Column("reason", _("Reason"), value=lambda c: c.reason.name, template=CELL),
    Column("requested_amount", _("Amount asked"), sort="requested_amount", numeric=True),
    Column("refunded_amount", _("Refunded"), sort="refunded_amount", numeric=True),
    Column(
        "status",
        _("Status"),
        value=lambda c: c.get_status_display(),
        sort="status",
        badge=lambda c: STATUS_COLOURS.get(c.status, "secondary"),
    ),
    Column("assignee", _("Handler"), value=lambda c: str(c.assignee) if c.assignee else "", truncate=True),
    Column("due_at", _("Deadline"), sort="due_at", template=CELL),
]
BATCH_ACTIONS = [
    BatchAction("approve", _("Agree"), "aftersales.handle", "do_approve", BatchApproveForm, "success"),
    BatchAction("reject", _("Refuse"), "aftersales.handle", "do_reject", BatchRejectForm, "outline-danger"),
    BatchAction("receive", _("Mark received"), "aftersales.handle", "do_receive", None, "primary"),
]


class CaseListView(ObjectListView):
    """Every case of the staff member's stores, with the queue's tabs, filters and batch bar."""

    permission = "aftersales.view"
    title = _("After-sales desk")
    list_key = "aftersales.case"
    filter_form_class: type[forms.Form] | None = CaseFilterForm
    export_permission = "aftersales.report"
    export_name = "aftersales-cases"
    columns = [*COLUMNS]
    batch_actions = BATCH_ACTIONS
    template_name = "aftersales/case_list.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            self.filter_form_class = for_user(CaseFilterForm, request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self, filters: dict[str, Any]) -> QuerySet[Any]:
        return selectors.case_list(user=self.request.user, filters=filters)

    def rows_of(self, objects: Iterable[Case]) -> Iterable[Case]:
        """Each case with its ``countdown``, against one clock for the whole page."""
        now = timezone.now()
        for case in objects:
            case.countdown = countdown(case.due_at, now)  # type: ignore[attr-defined]
            yield case

    # --- batch actions: every case on its own; the failures are listed case by case -------------
    def report(self, result: BatchResult, objects: list[Case], message: str) -> str:
        numbers = {case.pk: case.number for case in objects}
        for case_id, error in result.errors.items():
            messages.error(self.request, f"{numbers.get(case_id, case_id)}: {error}")
        return message % {"done": len(result.done), "count": len(objects)}

    def do_approve(self, objects: list[Case], data: dict[str, Any]) -> str:
        result = services.case_batch_approve(
            by=self.request.user, case_ids=[case.pk for case in objects], note=data["note"]
        )
        return self.report(result, objects, gettext("%(done)d of %(count)d case(s) agreed."))

    def do_reject(self, objects: list[Case], data: dict[str, Any]) -> str:
        result = services.case_batch_reject(
            by=self.request.user, case_ids=[case.pk for case in objects], reason=data["reason"]
        )
        return self.report(result, objects, gettext("%(done)d of %(count)d case(s) refused."))

    def do_receive(self, objects: list[Case], data: dict[str, Any]) -> str:
        result = services.case_batch_receive(by=self.request.user, case_ids=[case.pk for case in objects])
        return self.report(result, objects, gettext("%(done)d of %(count)d case(s) marked received."))
