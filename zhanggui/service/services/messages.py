"""Messages in and out: a buyer's message from any channel, an agent's reply, an internal note,
and the conversation steps that go with them (resolve, reopen, close).

Every message is stored before anyone is shown it (``live`` sends after commit). A message the
sender names (platform message id, the widget's client id) is kept once, however often it arrives.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhanggui.core.actors import Actor
from zhanggui.core.audit import audit_record
from zhanggui.core.exceptions import ConflictError, ValidationFailed
from zhanggui.core.permissions import require_perm
from zhanggui.orders.models import Order
from zhanggui.stores.models import Store

from ..constants import (
    AFTERSALE_INTENTS,
    AUTO_CLOSE_HOURS,
    INTENT_PRIORITY,
    MESSAGE_MAX_CHARS,
    EventKind,
    GroupKind,
    MessageKind,
    SenderKind,
)
from ..models import Contact, Conversation, ConversationEvent, Message, ServiceGroup, ServiceSettings
from ..selectors.conversations import conversation_get
from ..selectors.intents import intent_classify
from ..states import ConversationStatus, conversation_can_move
from .assignment import conversation_route
from .contacts import contact_resolve
from .live import conversation_publish, message_publish
from .outbound import outbound_deliver

PREVIEW_CHARS = 60
BUYER_KINDS = frozenset(
    {MessageKind.TEXT, MessageKind.IMAGE, MessageKind.PRODUCT, MessageKind.ORDER, MessageKind.EMAIL}
)
AGENT_KINDS = frozenset(
    {MessageKind.TEXT, MessageKind.IMAGE, MessageKind.PRODUCT, MessageKind.ORDER, MessageKind.TRACKING}
)


@dataclass(frozen=True)
class Received:
    """What ``message_receive`` did: the message (new, or the one already stored) and its conversation."""

    message: Message
    conversation: Conversation
    created: bool


def _preview(message: Message) -> str:
    if message.kind == MessageKind.TEXT or message.kind == MessageKind.EMAIL:
        return message.body[:PREVIEW_CHARS]
    return f"[{message.get_kind_display()}]"


def _body_checked(body: str, kind: str) -> str:
    body = body.strip()
    if kind in (MessageKind.TEXT, MessageKind.NOTE, MessageKind.EMAIL) and not body:
        raise ValidationFailed.for_field("body", _("Write the message."))
    if len(body) > MESSAGE_MAX_CHARS:
        raise ValidationFailed.for_field(
            "body", _("A message has at most %(count)d characters.") % {"count": MESSAGE_MAX_CHARS}
        )
    return body


def _group_for(store: Store, intent: str) -> ServiceGroup | None:
    """The store's after-sale group for returns and complaints, its pre-sale group otherwise."""
    kind = GroupKind.AFTERSALE if intent in AFTERSALE_INTENTS else GroupKind.PRESALE
    groups = ServiceGroup.objects.filter(store=store, is_active=True)
    return groups.filter(kind=kind).order_by("pk").first() or groups.order_by("pk").first()


def conversation_for_contact(
    contact: Contact,
    *,
    channel: str,
    at: dt.datetime,
    external_id: str = "",
    intent: str = "",
    status: str = ConversationStatus.QUEUED,
) -> Conversation:
    """The buyer's conversation on the channel that is not closed (locked), or a new one: in the
    queue, or already resolved for a record such as a phone call. Call with the contact locked."""
    found = (
        Conversation.objects.select_for_update()
        .filter(contact=contact, channel=channel)
        .exclude(status=ConversationStatus.CLOSED)
        .order_by("-pk")
        .first()
    )
    if found is not None:
        return found
    queued = status == ConversationStatus.QUEUED
    conversation = Conversation.objects.create(
        store_id=contact.store_id,
        contact=contact,
        channel=channel,
        external_id=external_id,
        status=status,
        group=_group_for(contact.store, intent) if queued else None,
        created_at=at,
        queued_at=at if queued else None,
        resolved_at=None if queued else timezone.now(),
        last_message_at=at,
    )
    ConversationEvent.objects.create(conversation=conversation, kind=EventKind.CREATED, to_status=status, at=at)
    return conversation


def _buyer_wrote(conversation: Conversation, message: Message) -> None:
    """A buyer's message: the thread waits for an answer, a resolved one opens again."""
    fields = ["last_message_at", "last_message_preview"]
    conversation.last_message_at = message.created_at
    conversation.last_message_preview = _preview(message)
    if conversation.waiting_since is None:
        conversation.waiting_since, fields = message.created_at, [*fields, "waiting_since"]
    if message.intent:
        conversation.intent, fields = message.intent, [*fields, "intent"]
        raised = INTENT_PRIORITY.get(message.intent)  # type: ignore[call-overload]
        if raised is not None and raised > conversation.priority:
            conversation.priority, fields = int(raised), [*fields, "priority"]
    if conversation.status == ConversationStatus.RESOLVED:
        target = ConversationStatus.OPEN if conversation.assignee_id else ConversationStatus.QUEUED
        ConversationEvent.objects.create(
            conversation=conversation,
            kind=EventKind.STATUS,
            from_status=conversation.status,
            to_status=target,
            at=message.created_at,
        )
        conversation.status, conversation.resolved_at = target, None
        fields += ["status", "resolved_at"]
        if target == ConversationStatus.QUEUED:
            conversation.queued_at, fields = message.created_at, [*fields, "queued_at"]
    conversation.save(update_fields=fields)


@transaction.atomic
def message_receive(
    *,
    store: Store,
    channel: str,
    sender_id: str,
    body: str = "",
    kind: str = MessageKind.TEXT,
    payload: dict[str, Any] | None = None,
    image_name: str = "",
    message_id: str = "",
    thread_id: str = "",
    sent_at: dt.datetime | None = None,
    nickname: str = "",
    phone: str = "",
    email: str = "",
    order_number: str = "",
) -> Received:
    """Store a buyer's message from any channel, in the buyer's open conversation (or a new one),
    then route the conversation if it waits for an agent. For the channels' receivers.

    The contact row is locked first, so two messages of one buyer arriving at once land in one
    conversation; a ``message_id`` already stored in it returns that message (``created`` False).
    """
    if kind not in BUYER_KINDS:
        raise ValidationFailed.for_field("kind", _("A buyer cannot send this kind of message."))
    body = _body_checked(body, kind if not image_name else MessageKind.IMAGE)
    at = sent_at or timezone.now()
    contact = contact_resolve(
        store=store,
        channel=channel,
        external_id=sender_id,
        nickname=nickname,
        phone=phone,
        email=email,
        order_number=order_number,
    )
    Contact.objects.select_for_update().filter(pk=contact.pk).first()
    if message_id:
        # Any of the buyer's conversations on the channel: a replay after one closed is still a replay.
        known = (
            Message.objects.filter(conversation__contact=contact, conversation__channel=channel, external_id=message_id)
            .select_related("conversation")
            .first()
        )
        if known is not None:
            return Received(message=known, conversation=known.conversation, created=False)
    intent = intent_classify(body) if kind in (MessageKind.TEXT, MessageKind.EMAIL) else ""
    conversation = conversation_for_contact(contact, channel=channel, external_id=thread_id, intent=intent, at=at)
    if order_number and conversation.order_id is None and contact.buyer_id is not None:
        # Only the buyer's own order: what a visitor merely claims links nothing (contacts.py).
        orders = Order.objects.filter(store=store, platform_order_id=order_number, buyer_id=contact.buyer_id)
        conversation.order = orders.first()
        if conversation.order is not None:
            conversation.save(update_fields=["order"])
    message = Message.objects.create(
        conversation=conversation,
        sender_kind=SenderKind.BUYER,
        kind=kind,
        body=body,
        payload=payload or {},
        image_name=image_name,
        intent=intent,
        external_id=message_id,
        created_at=at,
    )
    _buyer_wrote(conversation, message)
    message_publish(message)
    conversation_route(conversation=conversation)
    return Received(message=message, conversation=conversation, created=True)


def _conversation_locked(*, by: Actor, conversation: Conversation) -> Conversation:
    """The conversation, re-read under a row lock, if ``by`` may see it."""
    conversation_get(user=by, conversation_id=conversation.pk)
    return Conversation.objects.select_for_update().select_related("contact").get(pk=conversation.pk)


def _take(conversation: Conversation, *, by: Actor, at: dt.datetime) -> None:
    """An agent answering a queued conversation takes it."""
    ConversationEvent.objects.create(
        conversation=conversation,
        kind=EventKind.ASSIGNED,
        actor_id=by.pk,
        to_staff_id=by.pk,
        from_status=conversation.status,
        to_status=ConversationStatus.OPEN,
        at=at,
    )
    conversation.assignee_id, conversation.assigned_at = by.pk, at
    conversation.status = ConversationStatus.OPEN


@transaction.atomic
def message_send(
    *,
    by: Actor,
    conversation: Conversation,
    body: str = "",
    kind: str = MessageKind.TEXT,
    payload: dict[str, Any] | None = None,
    image_name: str = "",
) -> Message:
    """An agent's message to the buyer. Answering a conversation nobody holds takes it; the buyer
    stops waiting; the first answer's time is kept (first response time)."""
    require_perm(by, "service.reply")
    if kind not in AGENT_KINDS:
        raise ValidationFailed.for_field("kind", _("Agents cannot send this kind of message."))
    body = _body_checked(body, kind if not image_name else MessageKind.IMAGE)
    conversation = _conversation_locked(by=by, conversation=conversation)
    if conversation.status == ConversationStatus.CLOSED:
        raise ConflictError(_("This conversation is closed; the buyer's next message opens a new one."))
    at = timezone.now()
    fields = ["last_message_at", "last_message_preview", "waiting_since"]
    if conversation.assignee_id is None:
        _take(conversation, by=by, at=at)
        fields += ["assignee", "assigned_at", "status"]
    message = Message.objects.create(
        conversation=conversation,
        sender_kind=SenderKind.AGENT,
        sender_staff_id=by.pk,
        kind=kind,
        body=body,
        payload=payload or {},
        image_name=image_name,
        created_at=at,
    )
    if conversation.first_response_at is None:
        conversation.first_response_at, fields = at, [*fields, "first_response_at"]
    conversation.last_message_at, conversation.last_message_preview = at, _preview(message)
    conversation.waiting_since = None
    conversation.save(update_fields=fields)
    message_publish(message)
    outbound_deliver(message=message)
    if "assignee" in fields:
        conversation_publish(conversation)
    return message


@transaction.atomic
def note_add(*, by: Actor, conversation: Conversation, body: str) -> Message:
    """An internal note in the thread: seen by staff, never sent to the buyer."""
    require_perm(by, "service.reply")
    body = _body_checked(body, MessageKind.NOTE)
    conversation = _conversation_locked(by=by, conversation=conversation)
    message = Message.objects.create(
        conversation=conversation, sender_kind=SenderKind.AGENT, sender_staff_id=by.pk, kind=MessageKind.NOTE, body=body
    )
    message_publish(message)
    return message


def system_message_add(
    *, conversation: Conversation, body: str, kind: str = MessageKind.TEXT, payload: dict[str, Any] | None = None
) -> Message:
    """A message the system sends the buyer (greeting, the reply outside business hours) or notes in
    the thread for staff (``kind=note``). Call inside the caller's transaction."""
    message = Message.objects.create(
        conversation=conversation, sender_kind=SenderKind.SYSTEM, kind=kind, body=body, payload=payload or {}
    )
    message_publish(message)
    return message


def _status_move(conversation: Conversation, *, by: Actor | None, target: str, at: dt.datetime) -> str:
    current = conversation.status
    if not conversation_can_move(current, target):
        raise ConflictError(
            _("A conversation that is %(status)s cannot become %(target)s.")
            % {"status": conversation.get_status_display(), "target": ConversationStatus(target).label}
        )
    ConversationEvent.objects.create(
        conversation=conversation,
        kind=EventKind.STATUS,
        actor_id=by.pk if by else None,
        from_status=current,
        to_status=target,
        at=at,
    )
    conversation.status = target
    return current


@transaction.atomic
def conversation_resolve(*, by: Actor, conversation: Conversation) -> Conversation:
    """The buyer's question is answered (已解决); a later message from them opens it again."""
    require_perm(by, "service.reply")
    conversation = _conversation_locked(by=by, conversation=conversation)
    at = timezone.now()
    before = _status_move(conversation, by=by, target=ConversationStatus.RESOLVED, at=at)
    conversation.resolved_at, conversation.waiting_since = at, None
    conversation.save(update_fields=["status", "resolved_at", "waiting_since"])
    audit_record(
        actor=by,
        action="service.conversation.resolve",
        obj=conversation,
        before={"status": before},
        after={"status": conversation.status},
    )
    conversation_publish(conversation)
    return conversation


@transaction.atomic
def conversation_reopen(*, by: Actor, conversation: Conversation) -> Conversation:
    """Take a resolved conversation up again (to its agent, or to the queue)."""
    require_perm(by, "service.reply")
    conversation = _conversation_locked(by=by, conversation=conversation)
    if conversation.status != ConversationStatus.RESOLVED:
        raise ConflictError(_("Only a resolved conversation can be reopened."))
    target = ConversationStatus.OPEN if conversation.assignee_id else ConversationStatus.QUEUED
    before = _status_move(conversation, by=by, target=target, at=timezone.now())
    conversation.resolved_at = None
    if target == ConversationStatus.QUEUED:
        conversation.queued_at = timezone.now()
    conversation.save(update_fields=["status", "resolved_at", "queued_at"])
    audit_record(
        actor=by,
        action="service.conversation.reopen",
        obj=conversation,
        before={"status": before},
        after={"status": conversation.status},
    )
    conversation_publish(conversation)
    conversation_route(conversation=conversation)
    return conversation


def conversation_close_resolved_expired(*, now: dt.datetime | None = None) -> int:
    """Close conversations resolved longer ago than their store's ``auto_close_hours`` (a periodic
    task); a buyer writing after that starts a new conversation. Returns how many were closed."""
    now = now or timezone.now()
    hours = dict(ServiceSettings.objects.values_list("store_id", "auto_close_hours"))
    closed = 0
    resolved = Conversation.objects.filter(status=ConversationStatus.RESOLVED).values_list(
        "pk", "store_id", "resolved_at"
    )
    for pk, store_id, resolved_at in resolved.iterator():
        if resolved_at is None or resolved_at > now - dt.timedelta(hours=hours.get(store_id, AUTO_CLOSE_HOURS)):
            continue
        with transaction.atomic():
            conversation = Conversation.objects.select_for_update().get(pk=pk)
            if conversation.status != ConversationStatus.RESOLVED:
                continue
            _status_move(conversation, by=None, target=ConversationStatus.CLOSED, at=now)
            conversation.closed_at = now
            conversation.save(update_fields=["status", "closed_at"])
            conversation_publish(conversation)
            closed += 1
    return closed
