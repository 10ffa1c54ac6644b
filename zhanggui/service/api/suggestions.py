"""API of suggested answers to a buyer's message (mounted at ``/api/v1/service``): the same
selectors as the console's fragment."""

from typing import Any

from django.http import HttpRequest
from ninja import Query, Schema

from zhanggui.core.api import ApiRouter, api_permission

from .. import selectors
from .schemas.suggestions import SuggestionsOut

router = ApiRouter(tags=["service suggestions"])


class SuggestionsQuery(Schema):
    conversation: int
    message: int | None = None


@router.get("/suggestions", response=SuggestionsOut, summary="Suggested answers to a buyer message")
@api_permission("service.view")
def suggestions_get(request: HttpRequest, params: Query[SuggestionsQuery]) -> Any:
    """Canned replies and knowledge entries ranked for the conversation's buyer message (the one
    named by ``message``, or the latest), with its intent. A conversation you may not see is a 404."""
    conversation = selectors.conversation_get(user=request.auth, conversation_id=params.conversation)
    message = selectors.last_buyer_message(conversation, params.message)
    text = message.body if message is not None else ""
    return {
        "conversation_id": conversation.pk,
        "message_id": message.pk if message is not None else None,
        "text": text,
        "intent": (message.intent if message is not None else "") or selectors.intent_classify(text),
        "suggestions": selectors.suggestions_for(user=request.auth, conversation=conversation, text=text),
    }
