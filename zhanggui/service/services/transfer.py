"""People moving conversations: a lead gives one to an agent (指派), the agent holding one or a lead
passes it on to another agent or group with a note (转接), or takes it back to the queue.

Each is audited, recorded as a conversation event with its time, and told to the consoles of both
the agent it left and the one it reached. Lock order: the conversation, then presence rows.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhanggui.core.actors import Actor
from zhanggui.core.audit import audit_record
from zhanggui.core.exceptions import ConflictError, PermissionDeniedError, ValidationFailed
from zhanggui.core.permissions import has_perm, require_perm

from ..constants import EventKind, MessageKind
from ..models import Conversation, ConversationEvent, ServiceGroup
from ..selectors.agents import is_store_agent
from ..selectors.assignment import business_hours_open, service_settings_of
from ..selectors.conversations import conversation_get
from ..states import ACTIVE_STATUSES, ConversationStatus
from .assignment import conversation_assign_next, conversation_requeue
from .live import conversation_publish
from .messages import system_message_add

NOTE_MAX_CHARS = 500


def _locked(*, by: Actor, conversation: Conversation) -> Conversation:
    conversation_get(user=by, conversation_id=conversation.pk)  # missing to those who may not see it
    locked = Conversation.objects.select_for_update().select_related("contact", "store").get(pk=conversation.pk)
    if locked.status not in ACTIVE_STATUSES:
        raise ConflictError(_("Only a waiting or open conversation can be assigned or transferred."))
    return locked


def _agent_checked(agent: Any, conversation: Conversation, field: str) -> None:
    if agent is None or not is_store_agent(agent, conversation.store_id):
        raise ValidationFailed.for_field(field, _("Choose an agent of this store."))


def _give_to(conversation: Conversation, agent: Any, *, by: Actor, kind: str, note: str = "") -> int | None:
    previous = conversation.assignee_id
    now = timezone.now()
    ConversationEvent.objects.create(
        conversation=conversation,
        kind=kind,
        actor_id=by.pk,
        from_staff_id=previous,
        to_staff_id=agent.pk,
        from_status=conversation.status,
        to_status=ConversationStatus.OPEN,
        note=note,
        at=now,
    )
    conversation.assignee_id, conversation.assigned_at = agent.pk, now
    conversation.status = ConversationStatus.OPEN
    conversation.save(update_fields=["assignee", "assigned_at", "status"])
    return previous


@transaction.atomic
def conversation_assign(*, by: Actor, conversation: Conversation, agent: Any) -> Conversation:
    """A lead gives the conversation to an agent of its store (指派), whatever their load or status."""
    require_perm(by, "service.assign")
    conversation = _locked(by=by, conversation=conversation)
    _agent_checked(agent, conversation, "agent")
    if conversation.assignee_id == agent.pk:
        raise ValidationFailed.for_field("agent", _("This agent already has the conversation."))
    previous = _give_to(conversation, agent, by=by, kind=EventKind.ASSIGNED)
    audit_record(
        actor=by,
        action="service.conversation.assign",
        obj=conversation,
        store_id=conversation.store_id,
        before={"assignee": previous},
        after={"assignee": agent.pk},
    )
    conversation_publish(conversation, previous_assignee_id=previous)
    return conversation


@transaction.atomic
def conversation_transfer(
    *,
    by: Actor,
    conversation: Conversation,
    to_staff: Any = None,
    to_group: ServiceGroup | None = None,
    note: str = "",
) -> Conversation:
    """Pass the conversation on (转接) to another agent of the store, or to another group where it
    goes to the group's next free agent (or waits in its queue). The agent holding it or a lead may;
    the note is kept on the event and as an internal note in the thread."""
    require_perm(by, "service.reply")
    conversation = _locked(by=by, conversation=conversation)
    if conversation.assignee_id != by.pk and not has_perm(by, "service.assign"):
        raise PermissionDeniedError()
    note = (note or "").strip()
    if len(note) > NOTE_MAX_CHARS:
        raise ValidationFailed.for_field("note", _("A note has at most 500 characters."))
    if (to_staff is None) == (to_group is None):
        raise ValidationFailed.for_field("to_staff", _("Choose an agent or a group to transfer to."))
    previous, previous_group = conversation.assignee_id, conversation.group_id
    if to_staff is not None:
        _agent_checked(to_staff, conversation, "to_staff")
        if to_staff.pk == previous:
            raise ValidationFailed.for_field("to_staff", _("This agent already has the conversation."))
        _give_to(conversation, to_staff, by=by, kind=EventKind.TRANSFERRED, note=note)
        target = str(to_staff)
    else:
        assert to_group is not None
        if to_group.store_id != conversation.store_id or not to_group.is_active:
            raise ValidationFailed.for_field("to_group", _("Choose an active group of this store."))
        ConversationEvent.objects.create(
            conversation=conversation,
            kind=EventKind.TRANSFERRED,
            actor_id=by.pk,
            from_staff_id=previous,
            from_status=conversation.status,
            to_status=ConversationStatus.QUEUED,
            note=note,
            at=timezone.now(),
        )
        conversation.group = to_group
        conversation.assignee_id, conversation.assigned_at = None, None
        conversation.status = ConversationStatus.QUEUED
        conversation.queued_at = conversation.queued_at or timezone.now()
        conversation.save(update_fields=["group", "assignee", "assigned_at", "status", "queued_at"])
        target = str(to_group)
    body = _("%(by)s transferred the conversation to %(to)s.") % {"by": by, "to": target}
    if note:
        body = f"{body} {_('Note:')} {note}"
    system_message_add(conversation=conversation, body=body, kind=MessageKind.NOTE)
    audit_record(
        actor=by,
        action="service.conversation.transfer",
        obj=conversation,
        store_id=conversation.store_id,
        before={"assignee": previous, "group": previous_group},
        after={"assignee": conversation.assignee_id, "group": conversation.group_id},
        reason=note,
    )
    conversation_publish(conversation, previous_assignee_id=previous)
    if to_group is not None and business_hours_open(service_settings_of(conversation.store), store=conversation.store):
        conversation_assign_next(conversation=conversation, exclude_staff_id=previous)
    return conversation


@transaction.atomic
def conversation_unassign(*, by: Actor, conversation: Conversation, note: str = "") -> Conversation:
    """Take the conversation from its agent back to the queue (a lead, e.g. when the agent went
    offline; or the agent themself). It keeps its place: its queue time does not change."""
    require_perm(by, "service.reply")
    conversation = _locked(by=by, conversation=conversation)
    if conversation.assignee_id is None:
        raise ConflictError(_("No agent has this conversation."))
    if conversation.assignee_id != by.pk and not has_perm(by, "service.assign"):
        raise PermissionDeniedError()
    note = (note or "").strip()[:NOTE_MAX_CHARS]
    previous = conversation.assignee_id
    conversation_requeue(conversation=conversation, at=timezone.now(), actor_id=by.pk, note=note)
    audit_record(
        actor=by,
        action="service.conversation.unassign",
        obj=conversation,
        store_id=conversation.store_id,
        before={"assignee": previous},
        after={"assignee": None},
        reason=note,
    )
    return conversation
