"""Phone calls the telephony system logs (``POST /api/v1/service/calls``).

A call is recognised by its id in the store: logged again, it changes nothing. Its caller becomes
(or is found as) a contact by phone number; the call shows as a message in that contact's phone
conversation; a missed incoming call leaves exactly one call-back follow-up. A phone conversation is
a record of calls, not a queue item: a new one starts resolved, so it waits for no agent and closes
by itself like any resolved conversation.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from zhanggui.accounts.models import Staff
from zhanggui.core.actors import Actor
from zhanggui.core.audit import audit_record
from zhanggui.core.exceptions import ValidationFailed
from zhanggui.core.permissions import require_perm, require_store_access
from zhanggui.stores.models import Store

from ..constants import CallDirection, Channel, MessageKind, SenderKind
from ..models import Contact, Message, PhoneCall
from ..states import ConversationStatus
from .contacts import contact_resolve
from .followups import followup_callback_for
from .live import message_publish
from .messages import conversation_for_contact

CALL_ID_MAX = 80
PHONE_MAX = 20


def _agent_of(store: Store, username: str) -> Staff | None:
    if not username:
        return None
    agent = Staff.objects.filter(username=username, is_active=True, stores=store).first()
    if agent is None:
        raise ValidationFailed.for_field("agent", _("No agent %(name)s works for this store.") % {"name": username})
    return agent


def _checked(call_id: str, direction: str, phone: str, duration_seconds: int) -> tuple[str, str]:
    call_id, phone = call_id.strip(), phone.strip()
    if not call_id or len(call_id) > CALL_ID_MAX:
        raise ValidationFailed.for_field("call_id", _("Give the call's id (at most 80 characters)."))
    if direction not in CallDirection.values:
        raise ValidationFailed.for_field("direction", _("Say whether the call came in or went out."))
    if not phone or len(phone) > PHONE_MAX or not phone.lstrip("+").replace("-", "").isdigit():
        raise ValidationFailed.for_field("phone", _("Give the buyer's phone number."))
    if duration_seconds < 0:
        raise ValidationFailed.for_field("duration_seconds", _("A call cannot last less than nothing."))
    return call_id, phone


@transaction.atomic
def call_log(
    *,
    by: Actor,
    store: Store,
    call_id: str,
    direction: str,
    phone: str,
    started_at: dt.datetime,
    duration_seconds: int = 0,
    answered: bool = True,
    agent_username: str = "",
    summary: str = "",
) -> tuple[PhoneCall, bool]:
    """Log one call; ``(call, created)``. A call id already logged in the store returns that call
    unchanged (``created`` False): the telephony system may send a call twice."""
    require_perm(by, "service.reply")
    require_store_access(by, store.pk)
    call_id, phone = _checked(call_id, direction, phone, duration_seconds)
    known = PhoneCall.objects.filter(store=store, external_id=call_id).first()
    if known is not None:
        return known, False
    agent = _agent_of(store, agent_username)
    missed = not answered
    contact = contact_resolve(store=store, channel=Channel.PHONE, external_id=phone, phone=phone)
    Contact.objects.select_for_update().filter(pk=contact.pk).first()
    conversation = conversation_for_contact(
        contact, channel=Channel.PHONE, status=ConversationStatus.RESOLVED, at=started_at
    )
    try:
        with transaction.atomic():
            call = PhoneCall.objects.create(
                store=store,
                contact=contact,
                conversation=conversation,
                external_id=call_id,
                direction=direction,
                phone=phone,
                agent=agent,
                started_at=started_at,
                duration_seconds=0 if missed else duration_seconds,
                is_missed=missed,
                summary=summary.strip(),
            )
    except IntegrityError:  # the same call logged at the same moment by another request
        return PhoneCall.objects.get(store=store, external_id=call_id), False
    inbound = direction == CallDirection.INBOUND
    message = Message.objects.create(
        conversation=conversation,
        sender_kind=SenderKind.BUYER if inbound else SenderKind.AGENT,
        sender_staff=None if inbound else agent,
        kind=MessageKind.CALL,
        body=call.summary,
        payload={
            "call_id": call_id,
            "direction": direction,
            "duration_seconds": call.duration_seconds,
            "missed": missed,
            "agent": agent.username if agent else "",
        },
        external_id=f"call:{call_id}",
        created_at=started_at,
    )
    if started_at >= conversation.last_message_at:
        conversation.last_message_at = started_at
        conversation.last_message_preview = f"[{message.get_kind_display()}]"
        conversation.save(update_fields=["last_message_at", "last_message_preview"])
    if missed and inbound:
        followup_callback_for(by=by, call=call)
    audit_record(
        actor=by,
        action="service.call.log",
        obj=call,
        store_id=store.pk,
        after={"call_id": call_id, "direction": direction, "missed": missed, "duration": call.duration_seconds},
    )
    message_publish(message)
    return call, True
