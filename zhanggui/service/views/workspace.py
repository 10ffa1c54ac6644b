"""The live workspace (客服工作台): the conversation list, the thread and the buyer beside it.

One page agents keep open all day. Everything after the first load comes as htmx fragments: a
conversation's thread and context pane (``?c=``), the messages after the last one shown, one row of
the list (with the tabs' counts), the context pane again after an action. Every route takes its
conversation as ``?c=`` (GET) or ``conversation`` (POST), read through ``conversation_get``: a
conversation the agent may not see is missing (404), whatever its id.

Writes answer htmx without a page: success is an ``HX-Trigger`` (``ws-sent`` after a message,
``ws-done`` after an action) the page's script reacts to; an error is the service's translated
message (status 422) shown where the agent was writing.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from django.contrib.staticfiles import finders
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from zhanggui.aftersales.selectors import case_list
from zhanggui.core.exceptions import ServiceError
from zhanggui.core.permissions import has_perm
from zhanggui.core.views.base import ConsoleView
from zhanggui.orders.constants import carrier_label
from zhanggui.orders.selectors import order_list
from zhanggui.orders.states import BEFORE_SHIPMENT, LogisticsStatus, OrderStatus, status_label

from .. import selectors, services
from ..constants import Intent, MessageKind, Priority, SenderKind
from ..forms.workspace import ComposerForm, ContactNoteForm, TagsForm
from ..models import Conversation, Message
from ..states import ConversationStatus
from .agents import status_switch_context

TEMPLATE = "service/workspace.html"
CONTEXT_ROWS = 8  # orders, cases, past conversations shown beside the thread
LIST_ROWS = 100


# --- the list ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Tab:
    key: str
    label: Any


TABS = (
    Tab("queue", pgettext_lazy("workspace tab", "Waiting")),
    Tab("mine", pgettext_lazy("workspace tab", "Mine")),
    Tab("active", pgettext_lazy("workspace tab", "In progress")),  # all of them, anyone's
    Tab("unanswered", pgettext_lazy("workspace tab", "Unanswered")),  # longer than the store allows
)
TAB_KEYS = tuple(tab.key for tab in TABS)


def tab_queryset(user: Any, tab: str, *, now: dt.datetime | None = None) -> QuerySet[Conversation]:
    """The tab's conversations: the same selector the home cards count with (``workspace_tab``)."""
    if tab == "active":
        return selectors.conversation_list(user=user, filters={"status": "active"})
    return selectors.workspace_tab(user=user, tab=tab, now=now)


def tab_counts(user: Any) -> dict[str, int]:
    now = timezone.now()
    return {tab: tab_queryset(user, tab, now=now).count() for tab in TAB_KEYS}


def default_tab(request: HttpRequest) -> str:
    tab = request.GET.get("tab", "")
    if tab in TAB_KEYS:
        return tab
    # A lead runs the queue; an agent answers their own.
    return "queue" if has_perm(request.user, "service.assign") else "mine"


def waited_seconds(conversation: Conversation, now: dt.datetime) -> int | None:
    if conversation.waiting_since is None:
        return None
    return max(0, int((now - conversation.waiting_since).total_seconds()))


def waited_text(seconds: int | None) -> str:
    """``m:ss`` or ``h:mm:ss``: the same in both languages, and what the script keeps ticking."""
    if seconds is None:
        return ""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def row_context(conversation: Conversation, now: dt.datetime) -> dict[str, Any]:
    return {
        "c": conversation,
        "waited": waited_text(waited_seconds(conversation, now)),
        "urgent": conversation.priority == Priority.URGENT,
        "high": conversation.priority == Priority.HIGH,
        "intent_label": intent_label(conversation.intent),
    }


def intent_label(code: str) -> str:
    return str(Intent(code).label) if code in Intent.values else ""


def list_context(request: HttpRequest, tab: str, selected: int | None) -> dict[str, Any]:
    now = timezone.now()
    rows = tab_queryset(request.user, tab, now=now)[:LIST_ROWS]
    return {
        "tab": tab,
        "tabs": TABS,
        "counts": tab_counts(request.user),
        "rows": [row_context(c, now) for c in rows],
        "selected": selected,
    }


# --- the thread ----------------------------------------------------------------------------------
@dataclass
class Shown:
    """A message as the thread shows it: its time, the card's labels, the image's URL."""

    message: Message
    card: dict[str, Any] = field(default_factory=dict)
    image_url: str = ""

    @property
    def side(self) -> str:
        if self.message.kind == MessageKind.NOTE:
            return "note"
        return "in" if self.message.sender_kind == SenderKind.BUYER else "out"


def _card(message: Message) -> dict[str, Any]:
    payload = dict(message.payload or {})
    if message.kind == MessageKind.ORDER:
        if payload.get("status"):
            payload["status_label"] = status_label(payload["status"])
        if payload.get("order_id"):
            payload["url"] = reverse("orders:order_detail", args=[payload["order_id"]])
    elif message.kind == MessageKind.TRACKING:
        payload["carrier_label"] = carrier_label(payload.get("carrier", ""))
        logistics = payload.get("logistics_status") or ""
        known = logistics in LogisticsStatus.values
        payload["logistics_label"] = str(LogisticsStatus(logistics).label) if known else ""
        last = payload.get("last_event") or {}
        if last.get("at"):
            payload["last_at"] = dt.datetime.fromisoformat(last["at"])
    return payload


def shown(message: Message) -> Shown:
    image_url = reverse("service:message_image", args=[message.pk]) if message.image_name else ""
    card = _card(message) if message.kind in (MessageKind.ORDER, MessageKind.TRACKING, MessageKind.PRODUCT) else {}
    return Shown(message=message, card=card, image_url=image_url)


def thread_items(
    messages: list[Message], conversation: Conversation, *, previous: Message | None = None
) -> list[dict[str, Any]]:
    """The messages with a date line wherever the day changes (after ``previous``, when appending)."""
    items: list[dict[str, Any]] = []
    day = timezone.localtime(previous.created_at).date() if previous is not None else None
    for message in messages:
        message.conversation = conversation  # the buyer's name on each, without a query each
        message_day = timezone.localtime(message.created_at).date()
        if message_day != day:
            items.append({"date": message_day})
            day = message_day
        items.append({"shown": shown(message)})
    return items


def conversation_from(request: HttpRequest, value: str | None) -> Conversation:
    raw = value or ""
    if not raw.isascii() or not raw.isdecimal():
        raise Http404
    return selectors.conversation_get(user=request.user, conversation_id=int(raw))


def thread_context(request: HttpRequest, conversation: Conversation) -> dict[str, Any]:
    messages = selectors.message_list(user=request.user, conversation=conversation)
    last_buyer = next((m for m in reversed(messages) if m.sender_kind == SenderKind.BUYER), None)
    user = request.user
    can_reply = has_perm(user, "service.reply")
    return {
        "conversation": conversation,
        "items": thread_items(messages, conversation),
        "last_message_id": messages[-1].pk if messages else 0,
        "last_buyer_message": last_buyer,
        "composer": ComposerForm(),
        "can_reply": can_reply,
        "is_closed": conversation.status == ConversationStatus.CLOSED,
        "can_resolve": can_reply and conversation.status in (ConversationStatus.QUEUED, ConversationStatus.OPEN),
        "can_reopen": can_reply and conversation.status == ConversationStatus.RESOLVED,
        "can_transfer": can_reply and conversation.status in (ConversationStatus.QUEUED, ConversationStatus.OPEN),
        "suggestions_url": reverse("service:suggestions"),
        "canned_url": reverse("service:canned_picker"),
        "intent": intent_label(conversation.intent),
    }


# --- the context pane ----------------------------------------------------------------------------
def context_pane(request: HttpRequest, conversation: Conversation) -> dict[str, Any]:
    user = request.user
    contact = conversation.contact
    orders: list[Any] = []
    if has_perm(user, "orders.view"):
        mine = order_list(user=user, filters={"store": conversation.store_id})
        if contact.buyer_id is not None:
            orders = list(mine.filter(buyer_id=contact.buyer_id)[:CONTEXT_ROWS])
        if conversation.order_id is not None and conversation.order_id not in {o.pk for o in orders}:
            orders = [*mine.filter(pk=conversation.order_id), *orders]
    cases: list[Any] = []
    if has_perm(user, "aftersales.view") and orders:
        cases = list(
            case_list(user=user, filters={"store": conversation.store_id})
            .filter(order_id__in=[o.pk for o in orders])
            .order_by("-requested_at", "-pk")[:CONTEXT_ROWS]
        )
    past = selectors.contact_conversations(user=user, contact_id=contact.pk, exclude_id=conversation.pk)
    follow_ups = selectors.followup_list(user=user, filters={"contact": contact.pk})[:CONTEXT_ROWS]
    can_reply = has_perm(user, "service.reply")
    return {
        "conversation": conversation,
        "contact": contact,
        "can_reveal": has_perm(user, "pii.reveal"),
        "orders": [
            {
                "order": o,
                "status_label": status_label(o.status),
                "editable": o.status in BEFORE_SHIPMENT,
                "case_possible": o.status not in (OrderStatus.PENDING_PAYMENT, OrderStatus.CLOSED),
            }
            for o in orders
        ],
        "cases": cases,
        "past": [
            {
                "c": c,
                "url": reverse("service:conversation_detail", args=[c.pk]),
            }
            for c in past[:CONTEXT_ROWS]
        ],
        "notes": list(contact.notes.select_related("author")[:CONTEXT_ROWS]),
        "follow_ups": list(follow_ups),
        "tags_form": TagsForm(initial={"tags": " ".join(contact.tags)}),
        "note_form": ContactNoteForm(),
        "can_reply": can_reply,
        "can_edit_orders": has_perm(user, "orders.edit"),
        "can_open_case": has_perm(user, "aftersales.create"),
        "knowledge_url": reverse("service:knowledge"),
        "can_follow_up": can_reply and hasattr(services, "followup_create"),
    }


def status_switch(user: Any) -> dict[str, Any]:
    """The assignment area's status switch for the agent (only for those who answer)."""
    if not has_perm(user, "service.reply"):
        return {}
    return {"status_switch": "service/agent_status_switch.html", **status_switch_context(user)}


# --- pages and fragments -------------------------------------------------------------------------
class WorkspaceView(ConsoleView):
    """The three columns; ``?tab=`` chooses the list, ``?c=`` opens a conversation."""

    permission = "service.view"

    def get(self, request: HttpRequest) -> HttpResponse:
        tab = default_tab(request)
        selected = None
        if getattr(request, "htmx", None) and request.htmx.target == "ws-list":
            raw = request.GET.get("c", "")
            selected = int(raw) if raw.isascii() and raw.isdecimal() else None
            return render(request, "service/ws_list.html", list_context(request, tab, selected))
        conversation_part: dict[str, Any] = {}
        if request.GET.get("c"):
            conversation = conversation_from(request, request.GET.get("c"))
            selected = conversation.pk
            conversation_part = {**thread_context(request, conversation), **context_pane(request, conversation)}
        context = {
            "title": _("Customer service workspace"),
            **list_context(request, tab, selected),
            **conversation_part,
            **status_switch(request.user),
            "live_script": _live_script(),
            "catch_up_url": reverse("service:live_catch_up"),
            "workspace_url": reverse("service:workspace"),
        }
        return render(request, TEMPLATE, context)


def _live_script() -> str:
    return "service/live.js" if finders.find("service/live.js") else ""


class ConversationPaneView(ConsoleView):
    """The thread and the context pane of one conversation (the middle and right columns)."""

    permission = "service.view"

    def get(self, request: HttpRequest) -> HttpResponse:
        conversation = conversation_from(request, request.GET.get("c"))
        context = {**thread_context(request, conversation), **context_pane(request, conversation)}
        return render(request, "service/ws_conversation.html", context)


class ThreadMessagesView(ConsoleView):
    """The messages after ``?after=`` (the last one the page shows), to append."""

    permission = "service.view"

    def get(self, request: HttpRequest) -> HttpResponse:
        conversation = conversation_from(request, request.GET.get("c"))
        after = request.GET.get("after", "0")
        after_id = int(after) if after.isascii() and after.isdecimal() else 0
        messages = selectors.message_list(user=request.user, conversation=conversation, after_id=after_id)
        previous = Message.objects.filter(conversation=conversation, pk__lte=after_id).order_by("-pk").first()
        items = thread_items(messages, conversation, previous=previous)
        return render(request, "service/ws_messages.html", {"items": items})


class ListRowView(ConsoleView):
    """One conversation's row in the tab ``?tab=`` (nothing when it is not in that tab any more),
    with the tabs' counts: what the page needs after a live event."""

    permission = "service.view"

    def get(self, request: HttpRequest) -> HttpResponse:
        tab = default_tab(request)
        counts = tab_counts(request.user)
        raw = request.GET.get("c", "")
        row = None
        if raw.isascii() and raw.isdecimal():
            found = tab_queryset(request.user, tab).filter(pk=int(raw)).first()
            if found is not None:
                row = row_context(found, timezone.now())
        return render(request, "service/ws_row_update.html", {"row": row, "counts": counts, "tab": tab})


class ContextPaneView(ConsoleView):
    permission = "service.view"

    def get(self, request: HttpRequest) -> HttpResponse:
        conversation = conversation_from(request, request.GET.get("c"))
        return render(request, "service/ws_context.html", context_pane(request, conversation))


# --- writes --------------------------------------------------------------------------------------
def done(conversation: Conversation, event: str = "ws-sent", message: str = "") -> HttpResponse:
    response = HttpResponse(message)
    response["HX-Trigger"] = json.dumps({event: {"conversation": conversation.pk, "message": message}})
    if not message:
        response["HX-Reswap"] = "none"
    return response


def refused(text: str, target: str = "#ws-composer-error") -> HttpResponse:
    response = HttpResponse(text, status=422)
    response["HX-Retarget"] = target
    response["HX-Reswap"] = "innerHTML"
    return response


def first_error(form: Any) -> str:
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        return f"{label}: {errors[0]}" if label else str(errors[0])
    return _("Check the form.")


class MessageSendView(ConsoleView):
    """发送: the composer's text to the buyer."""

    permission = "service.reply"

    def post(self, request: HttpRequest) -> HttpResponse:
        conversation = conversation_from(request, request.POST.get("conversation"))
        form = ComposerForm(request.POST)
        if not form.is_valid():
            return refused(first_error(form))
        try:
            self.perform(request, conversation, form.cleaned_data["body"])
        except ServiceError as exc:
            return refused(exc.message)
        return done(conversation)

    def perform(self, request: HttpRequest, conversation: Conversation, body: str) -> None:
        services.message_send(by=request.user, conversation=conversation, body=body)


class NoteAddView(MessageSendView):
    """备注: the composer's text as an internal note."""

    def perform(self, request: HttpRequest, conversation: Conversation, body: str) -> None:
        services.note_add(by=request.user, conversation=conversation, body=body)


class ConversationResolveView(ConsoleView):
    permission = "service.reply"
    reopen = False

    def post(self, request: HttpRequest) -> HttpResponse:
        conversation = conversation_from(request, request.POST.get("conversation"))
        try:
            if self.reopen:
                services.conversation_reopen(by=request.user, conversation=conversation)
            else:
                services.conversation_resolve(by=request.user, conversation=conversation)
        except ServiceError as exc:
            return refused(exc.message)
        conversation = selectors.conversation_get(user=request.user, conversation_id=conversation.pk)
        context = {**thread_context(request, conversation), **context_pane(request, conversation)}
        response = render(request, "service/ws_conversation.html", context)
        response["HX-Trigger"] = json.dumps({"ws-changed": {"conversation": conversation.pk}})
        return response


class ConversationReopenView(ConversationResolveView):
    reopen = True


class ContactTagsView(ConsoleView):
    permission = "service.reply"

    def post(self, request: HttpRequest) -> HttpResponse:
        conversation = conversation_from(request, request.POST.get("conversation"))
        form = TagsForm(request.POST)
        if form.is_valid():
            try:
                services.contact_tags_set(by=request.user, contact=conversation.contact, tags=form.cleaned_data["tags"])
            except ServiceError as exc:
                return refused(exc.message, "#ws-tags-error")
            conversation.contact.refresh_from_db()
            return render(request, "service/ws_context.html", context_pane(request, conversation))
        return refused(first_error(form), "#ws-tags-error")


class ContactNoteAddView(ConsoleView):
    permission = "service.reply"

    def post(self, request: HttpRequest) -> HttpResponse:
        conversation = conversation_from(request, request.POST.get("conversation"))
        form = ContactNoteForm(request.POST)
        if form.is_valid():
            try:
                services.contact_note_add(by=request.user, contact=conversation.contact, body=form.cleaned_data["body"])
            except ServiceError as exc:
                return refused(exc.message, "#ws-note-error")
            return render(request, "service/ws_context.html", context_pane(request, conversation))
        return refused(first_error(form), "#ws-note-error")


urlpatterns = [
    path("", WorkspaceView.as_view(), name="workspace"),
    path("workspace/conversation/", ConversationPaneView.as_view(), name="workspace_conversation"),
    path("workspace/messages/", ThreadMessagesView.as_view(), name="workspace_messages"),
    path("workspace/row/", ListRowView.as_view(), name="workspace_row"),
    path("workspace/context/", ContextPaneView.as_view(), name="workspace_context"),
    path("workspace/send/", MessageSendView.as_view(), name="workspace_send"),
    path("workspace/note/", NoteAddView.as_view(), name="workspace_note"),
    path("workspace/resolve/", ConversationResolveView.as_view(), name="workspace_resolve"),
    path("workspace/reopen/", ConversationReopenView.as_view(), name="workspace_reopen"),
    path("workspace/tags/", ContactTagsView.as_view(), name="workspace_tags"),
    path("workspace/contact-note/", ContactNoteAddView.as_view(), name="workspace_contact_note"),
]
