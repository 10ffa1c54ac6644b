"""The demo shop's customer service: buyers of the demo orders writing on every channel (the
platforms' chats, the website widget, phone and email) before, during and after the sale; agents
answering, leaving notes, resolving; some conversations still waiting, so the home cards count.

Messages go in and out through the services (``message_receive``, ``message_send``, ``note_add``,
``conversation_resolve``); the agents' messages are then dated back to the plan's minutes (the
services stamp them now). Each store gets its 售前 and 售后 groups with the demo agent and lead as
members where they work, and the team's canned replies (``data/canned_replies.json``). A rerun
adds nothing once the stores have conversations.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path
from typing import Any

from django.utils import timezone

from zhanggui.orders.models import Order, Shipment
from zhanggui.orders.states import OrderStatus

from ..constants import Channel, GroupKind, MessageKind
from ..models import (
    CannedReply,
    Conversation,
    ConversationEvent,
    Message,
    ServiceGroup,
)
from ..services import (
    agent_status_set,
    call_log,
    canned_reply_create,
    canned_text_fill,
    canned_variables,
    contact_resolve,
    conversation_close_resolved_expired,
    conversation_resolve,
    group_create,
    message_receive,
    message_send,
    note_add,
)
from ..states import AgentStatus, ConversationStatus
from . import plan as p

CANNED_FILE = Path(__file__).resolve().parent.parent / "data" / "canned_replies.json"
PLATFORMS = ("tmall", "taobao", "jd", "pdd", "douyin", "own")
WAITING_ORDERS = (OrderStatus.PAID, OrderStatus.AWAITING_SHIPMENT)
SENT_ORDERS = (OrderStatus.SHIPPED, OrderStatus.DELIVERED, OrderStatus.COMPLETED)
ANSWER_MINUTES = (1, 2, 3, 5, 8)  # how soon agents answer
POOL_DRAWN, POOL_SIZE = 300, 25  # orders read per store and kind, buyers kept


def rounds_for(scale: int) -> int:
    """Small: twice the plans (about 40 conversations); each size step adds rounds, up to ten."""
    return min(2 * scale, 10)


def build(ctx: Any) -> None:
    stores = {platform: ctx.made["stores"][platform] for platform in PLATFORMS if platform in ctx.made["stores"]}
    existing = Conversation.objects.filter(store__in=stores.values()).count()
    if existing or not stores:
        ctx.log.append(f"service conversations: {existing} (0 new)")
        return
    rng = random.Random(ctx.rng.getrandbits(64))  # noqa: S311 - demo data is deterministic on purpose
    staff = ctx.made["staff"]
    groups_made = groups(stores, staff)
    presence(staff, AgentStatus.OFFLINE)  # nobody takes conversations while the history is written
    canned = canned_replies(staff["cs_lead"])
    now = timezone.now()
    pools = {platform: order_pools(store, rng) for platform, store in stores.items()}
    made = 0
    for round_no in range(rounds_for(ctx.scale)):
        for number, plan in enumerate(p.PLANS):
            if plan.store in stores:
                made += converse(plan, round_no, number, stores[plan.store], pools[plan.store], staff, now, rng)
        missed_calls(stores.get("tmall"), pools.get("tmall"), staff, round_no, now)
    closed = conversation_close_resolved_expired(now=now)
    presence(staff, AgentStatus.ONLINE)
    waiting = Conversation.objects.filter(store__in=stores.values(), status=ConversationStatus.QUEUED).count()
    made = Conversation.objects.filter(store__in=stores.values()).count()  # the missed calls' records too
    ctx.log.append(
        f"service conversations: {made} ({made} new; {waiting} waiting, {closed} closed); "
        f"groups: {groups_made}; canned replies: {canned}"
    )


# --- the team ----------------------------------------------------------------------------------
def groups(stores: dict[str, Any], staff: dict[str, Any]) -> int:
    """售前 and 售后 of each store, with the demo agent and lead where they work, made by the manager."""
    made = 0
    for store in stores.values():
        members = [staff[role] for role in ("cs_agent", "cs_lead") if _works_in(staff[role], store)]
        for kind, name in ((GroupKind.PRESALE, "售前"), (GroupKind.AFTERSALE, "售后")):
            if not ServiceGroup.objects.filter(store=store, name=name).exists():
                group_create(by=staff["manager"], store=store, kind=kind, name=name, members=members)
                made += 1
    return made


def presence(staff: dict[str, Any], status: str) -> None:
    for role in ("cs_agent", "cs_lead"):
        agent_status_set(by=staff[role], staff=staff[role], status=status)


def canned_replies(lead: Any) -> int:
    """The team's starter replies, for every store, through the create service."""
    if CannedReply.objects.filter(owner__isnull=True).exists() or not CANNED_FILE.exists():
        return 0
    entries = json.loads(CANNED_FILE.read_text(encoding="utf-8"))
    for entry in entries:
        canned_reply_create(
            by=lead, team=True, **{key: entry[key] for key in ("category", "shortcut", "title", "body")}
        )
    return len(entries)


# --- conversations -----------------------------------------------------------------------------
def order_pools(store: Any, rng: random.Random) -> dict[str, list[Order]]:
    """Orders of distinct buyers, waiting to ship and sent (with a parcel), in a seeded order."""
    pools: dict[str, list[Order]] = {}
    seen: set[int] = set()
    for kind, statuses in ((p.PAID, WAITING_ORDERS), (p.SHIPPED, SENT_ORDERS), ("", SENT_ORDERS)):
        orders = Order.objects.filter(store=store, status__in=statuses)
        if kind == p.SHIPPED:
            orders = orders.filter(pk__in=Shipment.objects.values("order_id"))
        rows = list(orders.order_by("pk").values_list("pk", "buyer_id")[:POOL_DRAWN])
        rng.shuffle(rows)
        chosen = []
        for pk, buyer_id in rows:
            if buyer_id not in seen and len(chosen) < POOL_SIZE:
                seen.add(buyer_id)
                chosen.append(pk)
        found = Order.objects.filter(pk__in=chosen).select_related("buyer").in_bulk()
        pools[kind] = [found[pk] for pk in chosen]
    return pools


def _sender(channel: str, order: Order, number: int) -> dict[str, Any]:
    nickname = order.buyer.nickname
    if channel == Channel.PHONE:
        phone = order.buyer.phone or f"139{order.buyer_id:08d}"[-11:]
        return {"sender_id": phone, "phone": phone, "nickname": nickname}
    if channel == Channel.EMAIL:
        email = f"buyer{order.buyer_id}@example.com"
        return {"sender_id": email, "email": email, "nickname": nickname}
    if channel == Channel.WEB:
        return {"sender_id": f"web-{order.buyer_id}-{number}", "nickname": nickname}
    return {"sender_id": nickname, "nickname": nickname}


def _works_in(member: Any, store: Any) -> bool:
    return member.stores.through.objects.filter(staff_id=member.pk, store_id=store.pk).exists()


def _replier(store: Any, staff: dict[str, Any]) -> Any:
    """The demo agent where they work, else the lead, else the manager (every store)."""
    for role in ("cs_agent", "cs_lead"):
        if _works_in(staff[role], store):
            return staff[role]
    return staff["manager"]


def converse(
    plan: p.Plan,
    round_no: int,
    number: int,
    store: Any,
    pools: dict[str, list[Order]],
    staff: dict[str, Any],
    now: dt.datetime,
    rng: random.Random,
) -> int:
    """One planned conversation; 0 when the store has no order left to draw a buyer from."""
    pool = pools.get(plan.order) or []
    if not pool:
        return 0
    order = pool.pop()
    outcome = plan.outcome if round_no == 0 or plan.outcome != p.WAITING else p.RESOLVED
    outcome = p.OPEN if outcome == p.WAITING and plan.store not in ("tmall", "taobao", "pdd", "douyin") else outcome
    start = now - dt.timedelta(minutes=plan.ago + round_no * 24 * 60 + rng.randint(0, 30) * round_no)
    agent = _replier(store, staff)
    who = _sender(plan.channel, order, number)
    kind = MessageKind.EMAIL if plan.channel == Channel.EMAIL else MessageKind.TEXT
    at, conversation, dated = start, None, []
    for index, (speaker, text) in enumerate(plan.lines):
        if conversation is not None:
            text = canned_text_fill(text, canned_variables(conversation))
        elif "{" in text:
            text = text.replace("{订单号}", order.platform_order_id)
            shipment = order.shipments.order_by("-pk").first()
            text = text.replace("{物流单号}", shipment.tracking_no if shipment else order.platform_order_id)
        if speaker == "b":
            at = at if index == 0 else at + dt.timedelta(minutes=rng.choice(ANSWER_MINUTES))
            received = message_receive(
                store=store,
                channel=plan.channel,
                body=text,
                kind=kind,
                sent_at=at,
                order_number=order.platform_order_id if plan.order else "",
                **who,
            )
            conversation = received.conversation
        elif conversation is not None:
            at = at + dt.timedelta(minutes=rng.choice(ANSWER_MINUTES))
            if speaker == "a":
                dated.append((message_send(by=agent, conversation=conversation, body=text), at))
            else:
                dated.append((note_add(by=agent, conversation=conversation, body=text), at))
    if conversation is None:
        return 0
    if plan.channel == Channel.PHONE:
        call_log(
            by=agent,
            store=store,
            call_id=f"demo-call-{round_no}-{number}",
            direction="inbound",
            phone=who["phone"],
            started_at=start,
            duration_seconds=rng.randint(60, 300),
            agent_username=agent.username,
        )
    resolved_at = None
    if outcome in (p.RESOLVED, p.CLOSED):
        conversation_resolve(by=agent, conversation=conversation)
        resolved_at = at + dt.timedelta(minutes=rng.choice(ANSWER_MINUTES))
    dated_back(conversation, dated, resolved_at)
    return 1


def dated_back(conversation: Conversation, dated: list[tuple[Message, dt.datetime]], resolved_at: Any) -> None:
    """The agents' messages, the assignment and the resolution at the plan's times."""
    for message, at in dated:
        Message.objects.filter(pk=message.pk).update(created_at=at)
    said = [at for message, at in dated if message.kind != MessageKind.NOTE]
    fields: dict[str, Any] = {}
    if said:
        fields |= {"first_response_at": said[0], "assigned_at": said[0]}
        ConversationEvent.objects.filter(conversation=conversation, kind="assigned").update(at=said[0])
    last = Message.objects.filter(conversation=conversation).exclude(kind=MessageKind.NOTE).order_by("-created_at")
    newest = last.values_list("created_at", "sender_kind").first()
    if newest is not None:
        fields["last_message_at"] = newest[0]
    if resolved_at is not None:
        fields["resolved_at"] = resolved_at
        ConversationEvent.objects.filter(conversation=conversation, kind="status", to_status="resolved").update(
            at=resolved_at
        )
    Conversation.objects.filter(pk=conversation.pk).update(**fields)


def missed_calls(
    store: Any, pools: dict[str, list[Order]] | None, staff: dict[str, Any], round_no: int, now: dt.datetime
) -> None:
    """Calls to the hotline nobody answered: each leaves a call-back on the follow-up list."""
    if store is None or not pools or not pools.get(""):
        return
    agent = _replier(store, staff)
    for index in range(p.MISSED_CALLS):
        if not pools[""]:
            return
        order = pools[""].pop()
        phone = order.buyer.phone or f"139{order.buyer_id:08d}"[-11:]
        # The buyer's phone identity first, so the call finds them by name as well as by number.
        contact_resolve(
            store=store, channel=Channel.PHONE, external_id=phone, phone=phone, nickname=order.buyer.nickname
        )
        call_log(
            by=agent,
            store=store,
            call_id=f"demo-missed-{round_no}-{index}",
            direction="inbound",
            phone=phone,
            started_at=now - dt.timedelta(minutes=20 + index * 90 + round_no * 24 * 60),
            answered=False,
        )
