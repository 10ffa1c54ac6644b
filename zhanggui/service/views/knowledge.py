"""The product knowledge panel of the workspace's right column (an htmx fragment): search a store's
products, SKUs (with the units left now), FAQ and size charts; send a product card. The fragment
re-reads itself every 20 seconds and on ``zg:message``, so the stock it shows stays live."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from zhanggui.core.views.base import ConsoleView

from .. import selectors


class KnowledgePanelView(ConsoleView):
    """``?conversation=<id>&q=<words>``: the conversation's store is the one searched."""

    permission = "service.view"

    def get(self, request: HttpRequest) -> HttpResponse:
        conversation_id = request.GET.get("conversation") or ""
        if not conversation_id.isdigit():
            raise Http404
        conversation = selectors.conversation_get(user=request.user, conversation_id=int(conversation_id))
        query = (request.GET.get("q") or "").strip()[:100]
        panel = selectors.knowledge_panel_search(user=request.user, store=conversation.store, query=query)
        context = {"conversation": conversation, "panel": panel}
        return render(request, "service/knowledge.html", context)
