"""Console pages of the team: the agents with their status and load (客服状态), an agent setting their
own status (the workspace header's switch posts here with htmx), a lead setting an agent's status
and capacity, and a conversation's transfer (转接) form."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhanggui.accounts.selectors import staff_get
from zhanggui.core.exceptions import NotFoundError, ServiceError
from zhanggui.core.htmx import htmx_partial
from zhanggui.core.permissions import has_perm
from zhanggui.core.views.base import ConsoleView
from zhanggui.core.views.pages import safe_next

from .. import selectors, services
from ..forms.agents import AgentEditForm, AgentStatusForm
from ..states import AgentStatus


def status_switch_context(user: Any) -> dict[str, Any]:
    """What ``service/agent_status_switch.html`` needs: the signed-in agent's status and the choices."""
    return {"agent_status": selectors.agent_status_of(user), "agent_statuses": AgentStatus.choices}


class AgentListView(ConsoleView):
    """The agents of the user's stores, online first; a lead changes an agent's status and capacity."""

    permission = "service.view"
    title = gettext_lazy("Agents")

    def get(self, request: HttpRequest) -> HttpResponse:
        store = request.GET.get("store") or None
        rows = selectors.agent_list(user=request.user, store=int(store) if store and store.isdigit() else None)
        context = {
            "title": self.title,
            "rows": rows,
            "online": sum(1 for row in rows if row.status == AgentStatus.ONLINE),
            "waiting": selectors.queue_count(user=request.user),
            "can_manage": has_perm(request.user, "service.assign"),
            "can_reply": has_perm(request.user, "service.reply"),
            **status_switch_context(request.user),
        }
        return render(request, "service/agents.html", context)


class AgentStatusView(ConsoleView):
    """POST: the signed-in agent's own status. An htmx post gets the switch back; a form post goes
    back to ``next`` (or the agents page)."""

    permission = "service.reply"

    def post(self, request: HttpRequest) -> HttpResponse:
        form = AgentStatusForm(request.POST)
        if form.is_valid():
            try:
                services.agent_status_set(by=request.user, staff=request.user, status=form.cleaned_data["status"])
            except ServiceError as exc:
                messages.error(request, exc.message)
        else:
            messages.error(request, _("Choose online, busy, away or offline."))
        if htmx_partial(request):
            return render(request, "service/agent_status_switch.html", status_switch_context(request.user))
        return HttpResponseRedirect(safe_next(request, request.POST.get("next"), reverse("service:agent_list")))


class AgentEditView(ConsoleView):
    """POST: a lead sets an agent's status and capacity."""

    permission = "service.assign"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        staff = staff_get(staff_id=pk)
        if not any(row.staff.pk == pk for row in selectors.agent_list(user=request.user)):
            raise NotFoundError()
        form = AgentEditForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose a status and a capacity from 1 to 50."))
        else:
            try:
                services.agent_status_set(by=request.user, staff=staff, status=form.cleaned_data["status"])
                services.agent_capacity_set(by=request.user, staff=staff, capacity=form.cleaned_data["capacity"])
            except ServiceError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("Agent saved."))
        return HttpResponseRedirect(reverse("service:agent_list"))


urlpatterns: list = [
    path("agents/", AgentListView.as_view(), name="agent_list"),
    path("agents/status/", AgentStatusView.as_view(), name="agent_status"),
    path("agents/<int:pk>/", AgentEditView.as_view(), name="agent_edit"),
]
