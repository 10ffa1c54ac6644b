"""API of conversations (mounted at ``/api/v1/service/conversations``): the list and search, one
conversation with its buyer (masked), its messages, replying, notes, resolving and reopening, the
buyer's tags and notes, and their other conversations.

Endpoints find conversations through the scoped selectors (one the caller may not see is a 404) and
call the same services as the workspace. Assigning and transferring live in ``assignment``.
"""

from typing import Any

from django.http import HttpRequest
from ninja import Query, Status

from zhanggui.core.api import ApiRouter, Id, PageNumber, api_permission, page_of

from .. import selectors, services
from ..models import Conversation
from .schemas.conversations import (
    ContactNoteIn,
    ContactNoteOut,
    ContactOut,
    ConversationDetailOut,
    ConversationFilters,
    ConversationOut,
    ConversationPageOut,
    MessageOut,
    MessagePaging,
    MessagesOut,
    NoteIn,
    ReplyIn,
    TagsIn,
)

router = ApiRouter(tags=["service"])


def conversation_of(request: HttpRequest, conversation_id: int) -> Conversation:
    return selectors.conversation_get(user=request.auth, conversation_id=conversation_id)


# --- reading -----------------------------------------------------------------------------------
@router.get("", response=ConversationPageOut, summary="List conversations")
@api_permission("service.view")
def conversation_list(
    request: HttpRequest, filters: Query[ConversationFilters], pagination: Query[PageNumber.Input]
) -> Any:
    """Conversations you may see (your groups', or every one of your stores for a lead); active ones
    most urgent and longest waiting first, others newest first. ``?page=1&page_size=50`` (max 200)."""
    return page_of(selectors.conversation_list(user=request.auth, filters=filters.selector_filters()), pagination)


@router.get("/{int:conversation_id}", response=ConversationDetailOut, summary="Get a conversation")
@api_permission("service.view")
def conversation_detail(request: HttpRequest, conversation_id: Id) -> Any:
    """The conversation with its buyer (phone and email masked), their tags and notes."""
    return conversation_of(request, conversation_id)


@router.get("/{int:conversation_id}/messages", response=MessagesOut, summary="List a conversation's messages")
@api_permission("service.view")
def conversation_messages(request: HttpRequest, conversation_id: Id, paging: Query[MessagePaging]) -> Any:
    """The newest 50 messages oldest first; ``?before=<id>`` the 50 before, ``?after=<id>`` all after."""
    conversation = conversation_of(request, conversation_id)
    items = selectors.message_list(
        user=request.auth, conversation=conversation, after_id=paging.after, before_id=paging.before
    )
    return {"items": items}


@router.get(
    "/{int:conversation_id}/others", response=list[ConversationOut], summary="List the buyer's other conversations"
)
@api_permission("service.view")
def conversation_others(request: HttpRequest, conversation_id: Id) -> Any:
    """The buyer's other conversations you may see, newest first (at most 50)."""
    conversation = conversation_of(request, conversation_id)
    others = selectors.contact_conversations(
        user=request.auth, contact_id=conversation.contact_id, exclude_id=conversation.pk
    )
    return list(others[:50])


# --- answering ---------------------------------------------------------------------------------
@router.post("/{int:conversation_id}/reply", response={201: MessageOut}, summary="Reply to the buyer")
@api_permission("service.reply")
def conversation_reply(request: HttpRequest, conversation_id: Id, data: ReplyIn) -> Any:
    """Send the buyer a message (201). Answering a conversation nobody holds takes it; a closed one
    is a 409 (the buyer's next message opens a new one)."""
    conversation = conversation_of(request, conversation_id)
    message = services.message_send(by=request.auth, conversation=conversation, body=data.body)
    return Status(201, message)


@router.post("/{int:conversation_id}/notes", response={201: MessageOut}, summary="Add an internal note")
@api_permission("service.reply")
def conversation_note(request: HttpRequest, conversation_id: Id, data: NoteIn) -> Any:
    """A note in the thread for staff, never sent to the buyer (201)."""
    conversation = conversation_of(request, conversation_id)
    return Status(201, services.note_add(by=request.auth, conversation=conversation, body=data.body))


@router.post("/{int:conversation_id}/resolve", response=ConversationDetailOut, summary="Resolve a conversation")
@api_permission("service.reply")
def conversation_resolve(request: HttpRequest, conversation_id: Id) -> Any:
    """已解决: the buyer's next message opens it again. A closed one is a 409."""
    conversation = services.conversation_resolve(
        by=request.auth, conversation=conversation_of(request, conversation_id)
    )
    return conversation_of(request, conversation.pk)


@router.post("/{int:conversation_id}/reopen", response=ConversationDetailOut, summary="Reopen a conversation")
@api_permission("service.reply")
def conversation_reopen(request: HttpRequest, conversation_id: Id) -> Any:
    """Take a resolved conversation up again (to its agent, or to the queue); otherwise a 409."""
    conversation = services.conversation_reopen(by=request.auth, conversation=conversation_of(request, conversation_id))
    return conversation_of(request, conversation.pk)


# --- the buyer ---------------------------------------------------------------------------------
@router.put("/{int:conversation_id}/contact/tags", response=ContactOut, summary="Set the buyer's tags")
@api_permission("service.reply")
def conversation_contact_tags(request: HttpRequest, conversation_id: Id, data: TagsIn) -> Any:
    """Replace the tags of the conversation's buyer (VIP, 老客户 …)."""
    conversation = conversation_of(request, conversation_id)
    return services.contact_tags_set(by=request.auth, contact=conversation.contact, tags=data.tags)


@router.post("/{int:conversation_id}/contact/notes", response={201: ContactNoteOut}, summary="Add a note on the buyer")
@api_permission("service.reply")
def conversation_contact_note(request: HttpRequest, conversation_id: Id, data: ContactNoteIn) -> Any:
    """A note kept on the buyer, seen beside each of their conversations (201)."""
    conversation = conversation_of(request, conversation_id)
    return Status(201, services.contact_note_add(by=request.auth, contact=conversation.contact, body=data.body))
