"""A case's page (售后单详情) and the actions on it, each its own POST route with its own permission.

The page offers the forms the case's status and the staff member's role allow; the services check
again. On an error the page shows again with the form's errors (status 422).
"""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhanggui.core.actors import Actor
from zhanggui.core.exceptions import ServiceError
from zhanggui.core.permissions import has_perm
from zhanggui.core.views.base import ConsoleView, apply_service_error
from zhanggui.core.views.generic import ObjectDetailView
from zhanggui.orders.constants import carrier_label

from .. import selectors, services
from ..forms.cases import (
    AssignForm,
    InspectForm,
    NoteForm,
    RefundForm,
    RejectForm,
    RestockForm,
    WaybillForm,
)
from ..models import Case, InspectionResult
from ..states import FINISHED, UNANSWERED, WITHDRAWABLE, CaseStatus, CaseType
from .display import STATUS_COLOURS, countdown
from .evidence import evidence_context, guidance_context

S, T = CaseStatus, CaseType
DETAIL_TEMPLATE = "aftersales/case_detail.html"
ACTION_FORMS: dict[str, type[forms.Form]] = {
    "review": forms.Form,
    "assign": AssignForm,
    "approve": NoteForm,
    "reject": RejectForm,
    "return_ship": WaybillForm,
    "receive": NoteForm,
    "inspect": InspectForm,
    "restock": RestockForm,
    "refund": RefundForm,
    "replace": forms.Form,
    "repair_send": NoteForm,
    "repair_return": WaybillForm,
    "close": NoteForm,
}


def _passed(case: Case) -> bool:
    return case.status == S.INSPECTED and case.inspection_result == InspectionResult.PASSED


def allowed_actions(user: Actor, case: Case) -> dict[str, bool]:
    """What ``user`` may do to ``case`` in its status; the page offers exactly these."""
    handle = has_perm(user, "aftersales.handle")
    status = case.status
    refund_ready = (case.type == T.REFUND_ONLY and status == S.APPROVED) or (
        case.type == T.RETURN_REFUND and _passed(case)
    )
    replace_ready = (case.type == T.REISSUE and status == S.APPROVED) or (case.type == T.EXCHANGE and _passed(case))
    repair_ready = case.type == T.REPAIR and status == S.INSPECTED
    return {
        "review": handle and status == S.REQUESTED,
        "assign": handle and status not in FINISHED,
        "approve": handle and status in UNANSWERED,
        "reject": handle
        and (status in UNANSWERED or (status == S.INSPECTED and case.inspection_result == InspectionResult.FAILED)),
        "return_ship": has_perm(user, "aftersales.create") and status == S.AWAITING_RETURN,
        "receive": handle and status == S.AWAITING_RETURN,
        "inspect": handle and status == S.RECEIVED,
        "restock": handle
        and case.type != CaseType.REPAIR
        and has_perm(user, "catalog.stock")
        and case.inspection_result == InspectionResult.PASSED
        and case.received_at is not None
        and case.restocked_at is None,
        "refund": has_perm(user, "aftersales.refund") and refund_ready,
        "replace": handle and replace_ready,
        "repair_send": handle and repair_ready and case.repair_sent_at is None,
        "repair_return": handle and repair_ready,
        "close": handle and status != S.CLOSED and (status in FINISHED or status in WITHDRAWABLE),
    }


def _blank_forms(request: HttpRequest, case: Case) -> dict[str, forms.Form]:
    built: dict[str, forms.Form] = {}
    for name, form_class in ACTION_FORMS.items():
        if form_class is AssignForm:
            built[name] = AssignForm(
                prefix=name, store_id=case.store_id, initial={"assignee": case.assignee_id}, user=request.user
            )
        elif form_class is RefundForm:
            # A key made when the page is shown: pressing twice (or going back and again) refunds once.
            initial = {"amount": case.requested_amount, "idempotency_key": f"console-{uuid.uuid4().hex}"}
            built[name] = RefundForm(prefix=name, initial=initial)
        else:
            built[name] = form_class(prefix=name)
    return built


def detail_context(request: HttpRequest, case: Case, bound: dict[str, forms.Form] | None = None) -> dict[str, Any]:
    user = request.user
    action_forms = _blank_forms(request, case)
    action_forms.update(bound or {})
    funds = selectors.order_money(case.order)
    return {
        "title": _("After-sales case %(number)s") % {"number": case.number},
        "case": case,
        "status_colour": STATUS_COLOURS.get(case.status, "secondary"),
        "countdown": countdown(case.due_at),
        "lines": [(line, funds.lines.get(line.order_line_id)) for line in case.lines.all()],
        "funds": funds,
        "return_carrier": carrier_label(case.return_carrier),
        "outbound_carrier": carrier_label(case.outbound_carrier),
        "timeline": selectors.case_timeline(user=user, case=case),
        "actions": allowed_actions(user, case),
        "forms": action_forms,
        # the photos and the guidance cards
        **evidence_context(request, case),
        **guidance_context(request, case),
    }


class CaseDetailView(ObjectDetailView):
    """Everything about one case, and the actions its status and the staff member's role allow."""

    permission = "aftersales.view"
    template_name = DETAIL_TEMPLATE

    def get_object(self) -> Case:
        return selectors.case_get(user=self.request.user, case_id=self.kwargs["pk"])

    def get_context(self, obj: Case) -> dict[str, Any]:
        return detail_context(self.request, obj)


class CaseActionView(ConsoleView):
    """POST one action on one case through its service."""

    name = ""
    success_message: Any = ""

    def perform(self, case: Case, data: dict[str, Any]) -> None:
        raise NotImplementedError

    def build_form(self, request: HttpRequest, case: Case) -> forms.Form:
        form_class = ACTION_FORMS[self.name]
        if form_class is AssignForm:
            return AssignForm(request.POST, prefix=self.name, store_id=case.store_id, user=request.user)
        return form_class(request.POST, prefix=self.name)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        case = selectors.case_get(user=request.user, case_id=pk)
        form = self.build_form(request, case)
        if form.is_valid():
            try:
                self.perform(case, form.cleaned_data)
            except ServiceError as exc:
                apply_service_error(form, request, exc)
            else:
                messages.success(request, str(self.success_message) % {"number": case.number})
                return HttpResponseRedirect(reverse("aftersales:case_detail", args=[case.pk]))
        case = selectors.case_get(user=request.user, case_id=pk)
        context = detail_context(request, case, bound={self.name: form})
        return render(request, DETAIL_TEMPLATE, {"object": case, **context}, status=422)


class CaseReviewView(CaseActionView):
    permission = "aftersales.handle"
    name = "review"
    success_message = gettext_lazy("You are reviewing case %(number)s.")

    def perform(self, case: Case, data: dict[str, Any]) -> None:
        services.case_review_start(by=self.request.user, case=case)


class CaseAssignView(CaseActionView):
    permission = "aftersales.handle"
    name = "assign"
    success_message = gettext_lazy("Case %(number)s assigned.")

    def perform(self, case: Case, data: dict[str, Any]) -> None:
        services.case_assign(by=self.request.user, case=case, assignee=data["assignee"])


class CaseApproveView(CaseActionView):
    permission = "aftersales.handle"
    name = "approve"
    success_message = gettext_lazy("Case %(number)s agreed.")

    def perform(self, case: Case, data: dict[str, Any]) -> None:
        services.case_approve(by=self.request.user, case=case, note=data["note"])


class CaseRejectView(CaseActionView):
    permission = "aftersales.handle"
    name = "reject"
    success_message = gettext_lazy("Case %(number)s refused.")

    def perform(self, case: Case, data: dict[str, Any]) -> None:
        services.case_reject(by=self.request.user, case=case, reason=data["reason"])


class CaseReturnShipView(CaseActionView):
    permission = "aftersales.create"
    name = "return_ship"
    success_message = gettext_lazy("Return waybill of case %(number)s recorded.")

    def perform(self, case: Case, data: dict[str, Any]) -> None:
        services.case_return_ship(
            by=self.request.user, case=case, carrier=data["carrier"], tracking_no=data["tracking_no"]
        )


class CaseReceiveView(CaseActionView):
    permission = "aftersales.handle"
    name = "receive"
    success_message = gettext_lazy("Returned goods of case %(number)s received.")

    def perform(self, case: Case, data: dict[str, Any]) -> None:
        services.case_receive(by=self.request.user, case=case, note=data["note"])


class CaseInspectView(CaseActionView):
    permission = "aftersales.handle"
    name = "inspect"
    success_message = gettext_lazy("Inspection of case %(number)s recorded.")

    def perform(self, case: Case, data: dict[str, Any]) -> None:
        services.case_inspect(by=self.request.user, case=case, result=data["result"], note=data["note"])


class CaseRestockView(CaseActionView):
    permission = "aftersales.handle"
    name = "restock"
    success_message = gettext_lazy("Goods of case %(number)s are back in stock.")

    def perform(self, case: Case, data: dict[str, Any]) -> None:
        services.case_restock(by=self.request.user, case=case, warehouse=data["warehouse"])


class CaseRefundView(CaseActionView):
    permission = "aftersales.refund"
    name = "refund"
    success_message = gettext_lazy("Case %(number)s refunded.")

    def perform(self, case: Case, data: dict[str, Any]) -> None:
        services.refund_issue(
            by=self.request.user, case=case, idempotency_key=data["idempotency_key"], amount=data["amount"]
        )


class CaseReplaceView(CaseActionView):
    permission = "aftersales.handle"
    name = "replace"
    success_message = gettext_lazy("Replacement order of case %(number)s created.")

    def perform(self, case: Case, data: dict[str, Any]) -> None:
        services.case_replace(by=self.request.user, case=case)


class CaseRepairSendView(CaseActionView):
    permission = "aftersales.handle"
    name = "repair_send"
    success_message = gettext_lazy("Item of case %(number)s sent for repair.")

    def perform(self, case: Case, data: dict[str, Any]) -> None:
        services.case_repair_send(by=self.request.user, case=case, note=data["note"])


class CaseRepairReturnView(CaseActionView):
    permission = "aftersales.handle"
    name = "repair_return"
    success_message = gettext_lazy("Repaired item of case %(number)s sent back to the buyer.")

    def perform(self, case: Case, data: dict[str, Any]) -> None:
        services.case_repair_return(
            by=self.request.user, case=case, carrier=data["carrier"], tracking_no=data["tracking_no"]
        )


class CaseCloseView(CaseActionView):
    permission = "aftersales.handle"
    name = "close"
    success_message = gettext_lazy("Case %(number)s closed.")

    def perform(self, case: Case, data: dict[str, Any]) -> None:
        services.case_close(by=self.request.user, case=case, note=data["note"])
