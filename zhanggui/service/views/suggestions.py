"""The suggested answers beside a conversation's composer (an htmx fragment the workspace includes):
the buyer's message, its intent, and the ranked canned replies and knowledge entries; a click puts
an answer's text into the composer (``static/service/suggestions.js``)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from zhanggui.core.views.base import ConsoleView

from .. import selectors
from ..constants import Intent


def _number(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


class SuggestionsView(ConsoleView):
    """``?conversation=<id>&message=<id>`` (the message defaults to the buyer's latest)."""

    permission = "service.view"

    def get(self, request: HttpRequest) -> HttpResponse:
        conversation_id = _number(request.GET.get("conversation"))
        if conversation_id is None:
            raise Http404
        conversation = selectors.conversation_get(user=request.user, conversation_id=conversation_id)
        message = selectors.last_buyer_message(conversation, _number(request.GET.get("message")))
        text = message.body if message is not None else ""
        intent = (message.intent if message is not None else "") or selectors.intent_classify(text)
        suggestions = selectors.suggestions_for(user=request.user, conversation=conversation, text=text)
        context = {
            "conversation": conversation,
            "message": message,
            "intent": intent,
            "intent_label": Intent(intent).label if intent in Intent.values else "",
            "suggestions": suggestions,
        }
        return render(request, "service/suggestions.html", context)
