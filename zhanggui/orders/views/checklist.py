"""Console page of the daily opening checklist (开工检查): the work waiting in the staff member's stores, by role."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhanggui.core import policy
from zhanggui.core.views.base import ConsoleView

from ..selectors.checklist import opening_checklist


class ChecklistView(ConsoleView):
    """Every signed-in staff member may open it; what it lists depends on their role and stores."""

    permission = policy.AUTHENTICATED

    def get(self, request: HttpRequest) -> HttpResponse:
        now = timezone.now()
        context = {
            "title": _("Opening checklist"),
            "sections": opening_checklist(user=request.user, now=now),
            "now": now,
        }
        return render(request, "orders/checklist.html", context)


urlpatterns: list = [
    path("checklist/", ChecklistView.as_view(), name="checklist"),
]
