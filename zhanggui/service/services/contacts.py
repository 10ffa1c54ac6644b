"""Buyers as customer service knows them: one contact per buyer and store, whichever channel they use.

A buyer is recognised by the identity they write from (a platform nickname, a website visitor, a
phone number, an email address); a new identity joins an existing contact when its phone number, an
order number it names, or (on a platform) its nickname points to one. The contact is linked to the
orders context's buyer as soon as one is found, so their orders show beside every conversation.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhanggui.core.actors import Actor
from zhanggui.core.audit import audit_record
from zhanggui.core.exceptions import ValidationFailed
from zhanggui.core.permissions import require_perm, require_store_access
from zhanggui.core.pii import mask_phone
from zhanggui.orders.models import Buyer, Order
from zhanggui.stores.models import Store

from ..constants import PLATFORM_CHANNELS, Channel
from ..models import Contact, ContactIdentity, ContactNote

# Channels whose sender's phone number is vouched for (the platform's account, the caller id).
TRUSTED_PHONE_CHANNELS = PLATFORM_CHANNELS | {Channel.PHONE}
MAX_TAGS = 12
TAG_MAX_CHARS = 12


def _buyer_of(store: Store, *, channel: str, nickname: str, phone: str, order_number: str) -> Buyer | None:
    """The orders context's buyer behind the details, as far as the channel vouches for them.

    A platform vouches for its member name, the order it names and the phone; a call for the
    caller's number. What a website visitor types is only a claim: an order number counts when the
    phone given with it is that order's (as an order lookup asks). An email address proves nothing
    about a buyer."""
    if channel in PLATFORM_CHANNELS:
        if order_number:
            order = Order.objects.filter(store=store, platform_order_id=order_number).select_related("buyer").first()
            if order is not None:
                return order.buyer
        if nickname:
            buyer = Buyer.objects.filter(store=store, nickname=nickname).first()
            if buyer is not None:
                return buyer
    if phone and channel in TRUSTED_PHONE_CHANNELS:
        return Buyer.objects.filter(store=store, phone=phone).order_by("pk").first()
    if channel == Channel.WEB and order_number and phone:
        order = Order.objects.filter(store=store, platform_order_id=order_number).select_related("buyer").first()
        if order is not None and phone in (order.receiver_phone, order.buyer.phone):
            return order.buyer
    return None


def _contact_matching(store: Store, *, channel: str, nickname: str, phone: str, buyer: Buyer | None) -> Contact | None:
    """An existing contact the new identity is the same person as. Never for a website visitor or an
    email sender: joining them to a contact on what they typed would show them its thread."""
    if channel not in TRUSTED_PHONE_CHANNELS:
        return None
    contacts = Contact.objects.filter(store=store)
    if buyer is not None:
        found = contacts.filter(buyer=buyer).order_by("pk").first()
        if found is not None:
            return found
    if phone:
        found = contacts.filter(phone=phone).order_by("pk").first()
        if found is not None:
            return found
    if nickname and channel in PLATFORM_CHANNELS:
        # A platform nickname is the buyer's member name on that platform's store: the same person.
        return contacts.filter(identities__channel__in=PLATFORM_CHANNELS, nickname=nickname).order_by("pk").first()
    return None


def contact_resolve(
    *,
    store: Store,
    channel: str,
    external_id: str,
    nickname: str = "",
    phone: str = "",
    email: str = "",
    order_number: str = "",
) -> Contact:
    """The contact who writes as ``external_id`` on ``channel``: known, recognised, or new.

    For the channels' receivers (no staff member acts). Safe under concurrency: two first messages
    of one new identity make one identity (the loser of the insert race reads the winner's).
    """
    if channel not in Channel.values:
        raise ValidationFailed.for_field("channel", _("Unknown channel."))
    external_id = external_id.strip()
    if not external_id:
        raise ValidationFailed.for_field("sender_id", _("Name who sent the message."))
    identity = ContactIdentity.objects.filter(store=store, channel=channel, external_id=external_id).first()
    if identity is not None:
        contact = identity.contact
        _contact_fill(
            contact,
            store=store,
            channel=channel,
            nickname=nickname,
            phone=phone,
            email=email,
            order_number=order_number,
        )
        return contact
    buyer = _buyer_of(store, channel=channel, nickname=nickname, phone=phone, order_number=order_number)
    matching = _contact_matching(store, channel=channel, nickname=nickname, phone=phone, buyer=buyer)
    created = matching is None
    if matching is None:
        # A caller known only by number is named by the masked number: the list shows no phone.
        shown_id = mask_phone(external_id) if channel == Channel.PHONE else external_id
        contact = Contact.objects.create(
            store=store,
            nickname=(nickname or (buyer.nickname if buyer else "") or shown_id)[:80],
            buyer=buyer,
            phone=phone,
            email=email,
        )
    else:
        contact = matching
        _contact_fill(
            contact,
            store=store,
            channel=channel,
            nickname=nickname,
            phone=phone,
            email=email,
            order_number=order_number,
        )
    try:
        with transaction.atomic():
            ContactIdentity.objects.create(store=store, contact=contact, channel=channel, external_id=external_id)
    except IntegrityError:
        # Another first message of this identity won the race: keep its contact, drop ours.
        if created:
            contact.delete()
        return ContactIdentity.objects.get(store=store, channel=channel, external_id=external_id).contact
    return contact


def _contact_fill(
    contact: Contact, *, store: Store, channel: str, nickname: str, phone: str, email: str, order_number: str
) -> None:
    """What a later message tells of a known contact: a phone, an email, the buyer behind them."""
    changed: list[str] = []
    if phone and not contact.phone:
        contact.phone, changed = phone, [*changed, "phone"]
    if email and not contact.email:
        contact.email, changed = email, [*changed, "email"]
    if contact.buyer_id is None:
        buyer = _buyer_of(
            store,
            channel=channel,
            nickname=nickname or contact.nickname,
            phone=phone or contact.phone,
            order_number=order_number,
        )
        if buyer is not None:
            contact.buyer, changed = buyer, [*changed, "buyer"]
    contact.last_seen_at = timezone.now()
    contact.save(update_fields=[*changed, "last_seen_at"])


def _tags_clean(tags: list[str]) -> list[str]:
    cleaned: list[str] = []
    for tag in tags:
        tag = tag.strip()
        if not tag or tag in cleaned:
            continue
        if len(tag) > TAG_MAX_CHARS:
            raise ValidationFailed.for_field(
                "tags", _("A tag has at most %(count)d characters: %(tag)s") % {"count": TAG_MAX_CHARS, "tag": tag}
            )
        cleaned.append(tag)
    if len(cleaned) > MAX_TAGS:
        raise ValidationFailed.for_field("tags", _("A buyer has at most %(count)d tags.") % {"count": MAX_TAGS})
    return cleaned


@transaction.atomic
def contact_tags_set(*, by: Actor, contact: Contact, tags: list[str]) -> Contact:
    """Replace the buyer's tags (VIP, 易退货, 老客户 …)."""
    require_perm(by, "service.reply")
    require_store_access(by, contact.store_id)
    before = list(contact.tags)
    contact.tags = _tags_clean(tags)
    contact.save(update_fields=["tags"])
    audit_record(
        actor=by, action="service.contact.tag", obj=contact, before={"tags": before}, after={"tags": contact.tags}
    )
    return contact


@transaction.atomic
def contact_note_add(*, by: Actor, contact: Contact, body: str) -> ContactNote:
    """Keep a note on the buyer, seen beside each of their conversations."""
    require_perm(by, "service.reply")
    require_store_access(by, contact.store_id)
    body = body.strip()
    if not body:
        raise ValidationFailed.for_field("body", _("Write the note."))
    if len(body) > 500:
        raise ValidationFailed.for_field("body", _("A note has at most 500 characters."))
    note = ContactNote.objects.create(contact=contact, body=body, author_id=by.pk)
    audit_record(actor=by, action="service.contact.note", obj=contact, after={"note": body})
    return note
