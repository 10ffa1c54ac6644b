"""Who holds a conversation (``/api/v1/service/conversations/{id}/assign|transfer|unassign``):
a lead's 指派, a transfer (转接) with a note, back to the queue. Each answers who holds it afterwards;
a closed or resolved conversation is 409."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _

from zhanggui.accounts.selectors import staff_get
from zhanggui.core.api import ApiRouter, Id, api_permission
from zhanggui.core.exceptions import NotFoundError, ValidationFailed

from .. import selectors, services
from ..models import Conversation
from .schemas.assignment import (
    ConversationAssignIn,
    ConversationAssignmentOut,
    ConversationTransferIn,
    ConversationUnassignIn,
)

router = ApiRouter(tags=["service conversations"])


def assignment_out(conversation: Conversation) -> dict[str, Any]:
    conversation.refresh_from_db()
    return {
        "id": conversation.pk,
        "status": conversation.status,
        "group_id": conversation.group_id,
        "assignee_id": conversation.assignee_id,
        "assigned_at": conversation.assigned_at,
        "queue_position": selectors.queue_position(conversation=conversation),
    }


def _staff(staff_id: int, field: str) -> Any:
    try:
        return staff_get(staff_id=staff_id)
    except NotFoundError as exc:
        raise ValidationFailed.for_field(field, _("Choose an agent of this store.")) from exc


@router.post(
    "/{int:conversation_id}/assign", response=ConversationAssignmentOut, summary="Give a conversation to an agent"
)
@api_permission("service.assign")
def conversation_assign_post(request: HttpRequest, conversation_id: Id, data: ConversationAssignIn) -> Any:
    """Whatever the agent's status or load (422 ``agent`` for someone who is not an agent of the store)."""
    conversation = selectors.conversation_get(user=request.auth, conversation_id=conversation_id)
    agent = _staff(data.agent_id, "agent")
    return assignment_out(services.conversation_assign(by=request.auth, conversation=conversation, agent=agent))


@router.post("/{int:conversation_id}/transfer", response=ConversationAssignmentOut, summary="Transfer a conversation")
@api_permission("service.reply")
def conversation_transfer_post(request: HttpRequest, conversation_id: Id, data: ConversationTransferIn) -> Any:
    """To an agent (``to_staff_id``) or a group (``to_group_id``), one of them. The agent holding the
    conversation or a lead may (403 otherwise)."""
    conversation = selectors.conversation_get(user=request.auth, conversation_id=conversation_id)
    to_staff = _staff(data.to_staff_id, "to_staff") if data.to_staff_id is not None else None
    to_group = None
    if data.to_group_id is not None:
        try:
            to_group = selectors.group_get(user=request.auth, group_id=data.to_group_id)
        except NotFoundError as exc:
            raise ValidationFailed.for_field("to_group", _("Choose an active group of this store.")) from exc
    services.conversation_transfer(
        by=request.auth, conversation=conversation, to_staff=to_staff, to_group=to_group, note=data.note
    )
    return assignment_out(conversation)


@router.post(
    "/{int:conversation_id}/unassign",
    response=ConversationAssignmentOut,
    summary="Put a conversation back in the queue",
)
@api_permission("service.reply")
def conversation_unassign_post(request: HttpRequest, conversation_id: Id, data: ConversationUnassignIn) -> Any:
    """A lead, or the agent holding it; it keeps its place in the queue."""
    conversation = selectors.conversation_get(user=request.auth, conversation_id=conversation_id)
    services.conversation_unassign(by=request.auth, conversation=conversation, note=data.note)
    return assignment_out(conversation)
