"""The follow-up list of the console (``service:followup_list``): the open follow-ups of the user's
stores, soonest due first, each with a button to mark it done."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zhanggui.core.exceptions import ServiceError
from zhanggui.core.views.base import ConsoleView

from .. import selectors, services

LIST_MAX = 200


class FollowUpListView(ConsoleView):
    permission = "service.view"

    def get(self, request: HttpRequest) -> HttpResponse:
        filters = {"mine": request.GET.get("mine") == "1", "overdue": request.GET.get("overdue") == "1"}
        followups = list(selectors.followup_list(user=request.user, filters=filters)[:LIST_MAX])
        context = {"title": _("Follow-ups"), "followups": followups, "filters": filters, "now": timezone.now()}
        return render(request, "service/followup_list.html", context)


class FollowUpDoneView(ConsoleView):
    permission = "service.reply"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        followup = selectors.followup_get(user=request.user, followup_id=pk)
        try:
            services.followup_done(by=request.user, followup=followup)
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Follow-up done."))
        return HttpResponseRedirect(reverse("service:followup_list"))


urlpatterns = [
    path("follow-ups/", FollowUpListView.as_view(), name="followup_list"),
    path("follow-ups/<int:pk>/done", FollowUpDoneView.as_view(), name="followup_done"),
]
