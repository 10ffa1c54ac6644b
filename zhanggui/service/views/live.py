"""The console's catch-up: what a reconnecting live workspace may have missed (``live.js`` calls it
on every connect and merges the answer with the socket's events by message id)."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, JsonResponse
from django.urls import path
from django.utils.dateparse import parse_datetime

from zhanggui.core.views.base import ConsoleView

from ..selectors.live import live_catch_up


def _int(value: str | None) -> int:
    try:
        return max(0, int(value or 0))
    except ValueError:
        return 0


def _moment(value: str | None) -> dt.datetime | None:
    try:
        return parse_datetime(value) if value else None
    except ValueError:
        return None


class CatchUpView(ConsoleView):
    """``?after=<highest message id the client has>&seen_at=<ISO time of its last event>`` →
    ``{"messages": [...], "conversations": [...], "last_id": n}``."""

    permission = "service.view"

    def get(self, request: HttpRequest) -> JsonResponse:
        answer = live_catch_up(
            user=request.user, after_id=_int(request.GET.get("after")), last_seen=_moment(request.GET.get("seen_at"))
        )
        return JsonResponse(answer)


urlpatterns: list = [
    path("live/catch-up", CatchUpView.as_view(), name="live_catch_up"),
]
