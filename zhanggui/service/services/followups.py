"""Follow-ups: what an agent must do for a buyer by a time (call back a missed call, follow up a
promise made in a conversation). Created, done or cancelled by staff; a missed call creates its
call-back itself (``services.calls``)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhanggui.accounts.models import Staff
from zhanggui.core.actors import Actor
from zhanggui.core.audit import audit_record
from zhanggui.core.exceptions import ConflictError, NotFoundError, ValidationFailed
from zhanggui.core.permissions import require_perm, require_store_access
from zhanggui.core.pii import mask_phone
from zhanggui.orders.models import Order

from ..constants import FollowUpKind
from ..models import Contact, Conversation, FollowUp, PhoneCall
from ..states import FollowUpStatus

NOTE_MAX_CHARS = 500
CALLBACK_DUE_MINUTES = 30  # a missed call is called back within half an hour


def _checked(
    *,
    contact: Contact,
    kind: str,
    note: str,
    due_at: dt.datetime | None,
    conversation: Conversation | None,
    order: Order | None,
    assignee: Staff | None,
) -> tuple[str, dt.datetime]:
    if kind not in FollowUpKind.values:
        raise ValidationFailed.for_field("kind", _("Choose what kind of follow-up this is."))
    note = (note or "").strip()
    if len(note) > NOTE_MAX_CHARS:
        raise ValidationFailed.for_field("note", _("A note has at most 500 characters."))
    if due_at is None:
        raise ValidationFailed.for_field("due_at", _("Say when it is due."))
    if conversation is not None and conversation.contact_id != contact.pk:
        raise ValidationFailed.for_field("conversation", _("The conversation is not this buyer's."))
    if order is not None and order.store_id != contact.store_id:
        raise ValidationFailed.for_field("order", _("The order is not of this buyer's store."))
    if assignee is not None and not (
        assignee.is_active
        and Staff.stores.through.objects.filter(staff_id=assignee.pk, store_id=contact.store_id).exists()
    ):
        raise ValidationFailed.for_field("assignee", _("The agent does not work for this store."))
    return note, due_at


@transaction.atomic
def followup_create(
    *,
    by: Actor,
    contact: Contact,
    kind: str,
    note: str,
    due_at: dt.datetime | None,
    conversation: Conversation | None = None,
    order: Order | None = None,
    assignee: Staff | None = None,
) -> FollowUp:
    """Promise something to the buyer by ``due_at`` (回访, 补发确认 …), for ``assignee`` or anyone."""
    require_perm(by, "service.reply")
    require_store_access(by, contact.store_id)
    note, due_at = _checked(
        contact=contact, kind=kind, note=note, due_at=due_at, conversation=conversation, order=order, assignee=assignee
    )
    followup = FollowUp.objects.create(
        store_id=contact.store_id,
        contact=contact,
        conversation=conversation,
        order=order,
        kind=kind,
        note=note,
        due_at=due_at,
        assignee=assignee,
        created_by_id=by.pk,
    )
    audit_record(
        actor=by,
        action="service.followup.create",
        obj=followup,
        store_id=contact.store_id,
        after={"kind": kind, "contact": contact.pk, "due_at": followup.due_at.isoformat(), "note": note},
    )
    return followup


def followup_callback_for(*, by: Actor | None, call: PhoneCall) -> FollowUp:
    """The call-back of a missed call: one per call (the call is unique on the follow-up), due in
    ``CALLBACK_DUE_MINUTES``, for whoever takes it. Inside the call's transaction."""
    followup, _created = FollowUp.objects.get_or_create(
        call=call,
        defaults={
            "store_id": call.store_id,
            "contact_id": call.contact_id,
            "conversation_id": call.conversation_id,
            "kind": FollowUpKind.CALLBACK,
            "note": _("Missed call from %(phone)s") % {"phone": mask_phone(call.phone)},
            "due_at": timezone.now() + dt.timedelta(minutes=CALLBACK_DUE_MINUTES),
            "created_by_id": by.pk if by else None,
        },
    )
    return followup


def _locked(by: Actor, followup: FollowUp) -> FollowUp:
    require_perm(by, "service.reply")
    require_store_access(by, followup.store_id)
    locked = FollowUp.objects.select_for_update().filter(pk=followup.pk).first()
    if locked is None:
        raise NotFoundError()
    if locked.status != FollowUpStatus.OPEN:
        raise ConflictError(_("This follow-up is already done or cancelled."))
    return locked


def _finish(by: Actor, followup: FollowUp, *, status: str, action: str) -> FollowUp:
    followup = _locked(by, followup)
    followup.status, followup.done_at = status, timezone.now()
    followup.save(update_fields=["status", "done_at"])
    audit_record(
        actor=by,
        action=action,
        obj=followup,
        store_id=followup.store_id,
        before={"status": FollowUpStatus.OPEN},
        after={"status": status},
    )
    return followup


@transaction.atomic
def followup_done(*, by: Actor, followup: FollowUp) -> FollowUp:
    """The buyer was called back / followed up."""
    return _finish(by, followup, status=FollowUpStatus.DONE, action="service.followup.done")


@transaction.atomic
def followup_cancel(*, by: Actor, followup: FollowUp) -> FollowUp:
    """Nothing to do any more (the buyer called again, the promise was kept in another way)."""
    return _finish(by, followup, status=FollowUpStatus.CANCELLED, action="service.followup.cancel")
