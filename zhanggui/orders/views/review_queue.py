"""The review queue (审单): held orders, oldest payment first, approved, held or cancelled in place."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from zhanggui.core.permissions import has_perm
from zhanggui.core.views.base import ConsoleView

from .. import selectors
from .display import review_reason_rows
from .paperwork import REVIEW_QUEUE_ACTIONS

PAGE_SIZE = 50


class ReviewQueueView(ConsoleView):
    """The clerk's work list; each row posts to the order's approve / hold / cancel actions."""

    permission = "orders.review"

    def get(self, request: HttpRequest) -> HttpResponse:
        queue = selectors.review_queue(user=request.user).prefetch_related("lines")
        page = Paginator(queue, PAGE_SIZE).get_page(request.GET.get("page"))
        context = {
            "title": _("Review queue"),
            "page": page,
            "rows": [(order, review_reason_rows(order, request.user)) for order in page.object_list],
            "can_cancel": has_perm(request.user, "orders.edit"),
            "print_actions": [action for action in REVIEW_QUEUE_ACTIONS if has_perm(request.user, action.permission)],
        }
        return render(request, "orders/review_queue.html", context)
