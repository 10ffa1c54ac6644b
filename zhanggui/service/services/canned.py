"""Canned replies (快捷短语): an agent's own and the team's, their shortcuts, and the variables filled
from the conversation an agent answers.

A personal reply belongs to the agent who wrote it: only they see, change or delete it (to anyone
else it does not exist). A team reply (no owner) is managed with ``service.settings``, for one store
or, without a store, for all. A shortcut (``/退货``) is unique within its owner (or the team) and store.

Variables: ``{买家昵称}`` the contact's nickname; ``{订单号}`` the conversation's order, or the buyer's
latest order in the store; ``{物流单号}`` that order's latest parcel; ``{预计发货}`` its payment time
plus the store's shipping promise, or 已发货 once shipped. A variable with nothing to fill reads as a
visible gap (（无订单）, （未发货）, （未付款）) so the agent sees it before sending.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from zhanggui.catalog.selectors.search import search_text
from zhanggui.core.actors import Actor
from zhanggui.core.audit import audit_record
from zhanggui.core.exceptions import NotFoundError, ValidationFailed
from zhanggui.core.permissions import require_perm, require_store_access
from zhanggui.orders.models import Order, Shipment
from zhanggui.orders.selectors.rules import store_rules

from ..models import CannedReply, Conversation
from ..selectors.conversations import conversation_get

VARIABLES = ("{买家昵称}", "{订单号}", "{物流单号}", "{预计发货}")
_SHORTCUT = re.compile(r"^/[^\s/]{1,19}$")
FIELDS = ("category", "shortcut", "title", "body")


def canned_reply_editable(*, by: Actor, reply: CannedReply) -> None:
    """Raise unless ``by`` may change ``reply``: another agent's reply is missing to them (404);
    a team reply needs ``service.settings`` and its store."""
    if reply.owner_id is not None:
        if reply.owner_id != by.pk:
            raise NotFoundError()
        require_perm(by, "service.reply")
        return
    if reply.store_id is not None:
        require_store_access(by, reply.store_id)
    require_perm(by, "service.settings")


def _cleaned(data: dict[str, Any]) -> dict[str, str]:
    values = {name: str(data.get(name) or "").strip() for name in FIELDS}
    if not values["title"]:
        raise ValidationFailed.for_field("title", _("Give the reply a title."))
    if len(values["title"]) > 60:
        raise ValidationFailed.for_field("title", _("A title has at most 60 characters."))
    if not values["body"]:
        raise ValidationFailed.for_field("body", _("Write the reply."))
    if len(values["body"]) > 2000:
        raise ValidationFailed.for_field("body", _("A reply has at most 2000 characters."))
    if len(values["category"]) > 40:
        raise ValidationFailed.for_field("category", _("A category has at most 40 characters."))
    if values["shortcut"] and not _SHORTCUT.match(values["shortcut"]):
        raise ValidationFailed.for_field(
            "shortcut", _("A shortcut starts with / and has at most 19 more characters, no spaces: /退货.")
        )
    return values


def _shortcut_free(*, shortcut: str, owner_id: int | None, store_id: int | None, exclude_id: int | None) -> None:
    if not shortcut:
        return
    # No owner (the team's) and no store (all stores) are scopes of their own.
    taken = CannedReply.objects.filter(shortcut=shortcut)
    taken = taken.filter(owner__isnull=True) if owner_id is None else taken.filter(owner_id=owner_id)
    taken = taken.filter(store__isnull=True) if store_id is None else taken.filter(store_id=store_id)
    if exclude_id is not None:
        taken = taken.exclude(pk=exclude_id)
    if taken.exists():
        raise ValidationFailed.for_field("shortcut", _("The shortcut %(shortcut)s is taken.") % {"shortcut": shortcut})


def _snapshot(reply: CannedReply) -> dict[str, Any]:
    return {name: getattr(reply, name) for name in FIELDS} | {"store": reply.store_id, "owner": reply.owner_id}


@transaction.atomic
def canned_reply_create(
    *,
    by: Actor,
    title: str,
    body: str,
    category: str = "",
    shortcut: str = "",
    store_id: int | None = None,
    team: bool = False,
) -> CannedReply:
    """A reply of ``by``'s own, or the team's (``team=True``, needs ``service.settings``); for one
    store, or for all without ``store_id``."""
    require_perm(by, "service.settings" if team else "service.reply")
    if store_id is not None:
        require_store_access(by, store_id)
    values = _cleaned({"title": title, "body": body, "category": category, "shortcut": shortcut})
    owner_id = None if team else by.pk
    _shortcut_free(shortcut=values["shortcut"], owner_id=owner_id, store_id=store_id, exclude_id=None)
    reply = CannedReply.objects.create(
        store_id=store_id,
        owner_id=owner_id,
        search_text=search_text(values["title"], values["body"]),
        **values,
    )
    audit_record(actor=by, action="service.canned.create", obj=reply, after=_snapshot(reply))
    return reply


@transaction.atomic
def canned_reply_update(
    *, by: Actor, reply: CannedReply, title: str, body: str, category: str = "", shortcut: str = ""
) -> CannedReply:
    """Change a reply's words, category or shortcut (its owner and store stay)."""
    canned_reply_editable(by=by, reply=reply)
    values = _cleaned({"title": title, "body": body, "category": category, "shortcut": shortcut})
    _shortcut_free(shortcut=values["shortcut"], owner_id=reply.owner_id, store_id=reply.store_id, exclude_id=reply.pk)
    before = _snapshot(reply)
    for name, value in values.items():
        setattr(reply, name, value)
    reply.search_text = search_text(values["title"], values["body"])
    reply.updated_at = timezone.now()
    reply.save()
    audit_record(actor=by, action="service.canned.edit", obj=reply, before=before, after=_snapshot(reply))
    return reply


@transaction.atomic
def canned_reply_delete(*, by: Actor, reply: CannedReply) -> None:
    canned_reply_editable(by=by, reply=reply)
    before = _snapshot(reply)
    audit_record(actor=by, action="service.canned.delete", obj=reply, before=before)
    reply.delete()


def canned_reply_used(*, by: Actor, reply: CannedReply) -> None:
    """Count one use (the picker orders by it); not audited: it changes no words."""
    require_perm(by, "service.reply")
    if reply.owner_id is not None and reply.owner_id != by.pk:
        raise NotFoundError()
    CannedReply.objects.filter(pk=reply.pk).update(use_count=F("use_count") + 1)


# --- variables -------------------------------------------------------------------------------------
def _order_of(conversation: Conversation) -> Order | None:
    if conversation.order_id is not None:
        return conversation.order
    buyer_id = conversation.contact.buyer_id
    if buyer_id is None:
        return None
    return (
        Order.objects.filter(store_id=conversation.store_id, buyer_id=buyer_id).order_by("-created_at", "-pk").first()
    )


def _latest_shipment(order: Order) -> Shipment | None:
    return order.shipments.order_by(F("shipped_at").desc(nulls_last=True), "-pk").first()


def _expected_shipping(order: Order, shipment: Shipment | None) -> str:
    if shipment is not None or order.shipped_at is not None:
        return pgettext("canned reply variable", "Shipped")
    if order.paid_at is None:
        return _("(not paid yet)")
    due = order.paid_at + dt.timedelta(hours=store_rules(order.store_id).ship_sla_hours)
    return timezone.localtime(due).strftime("%Y-%m-%d %H:%M")


def canned_variables(conversation: Conversation) -> dict[str, str]:
    """What each variable reads as in ``conversation`` (the visible gaps included)."""
    order = _order_of(conversation)
    shipment = _latest_shipment(order) if order is not None else None
    no_order = _("(no order)")
    return {
        "{买家昵称}": conversation.contact.nickname,
        "{订单号}": order.platform_order_id if order is not None else no_order,
        "{物流单号}": shipment.tracking_no if shipment is not None else (_("(not shipped yet)") if order else no_order),
        "{预计发货}": _expected_shipping(order, shipment) if order is not None else no_order,
    }


def canned_text_fill(body: str, variables: dict[str, str]) -> str:
    for name, value in variables.items():
        body = body.replace(name, value)
    return body


def canned_reply_render(*, by: Actor, reply: CannedReply, conversation: Conversation) -> str:
    """The reply's text with its variables filled for ``conversation`` (which ``by`` must see)."""
    conversation = conversation_get(user=by, conversation_id=conversation.pk)
    if reply.owner_id is not None and reply.owner_id != by.pk:
        raise NotFoundError()
    if not any(name in reply.body for name in VARIABLES):
        return reply.body
    return canned_text_fill(reply.body, canned_variables(conversation))
