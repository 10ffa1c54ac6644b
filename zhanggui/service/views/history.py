"""会话记录: every conversation of the staff member's stores (their groups' for an agent), searched
and exported; and a conversation's read-only transcript."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhanggui.core.exports import file_response
from zhanggui.core.forms import for_user
from zhanggui.core.permissions import has_perm
from zhanggui.core.views.base import ConsoleView
from zhanggui.core.views.generic import ObjectListView
from zhanggui.core.views.tables import Column

from .. import selectors, services
from ..forms.history import HistoryFilterForm
from ..models import Conversation

CELL = "service/history_cell.html"
TRANSCRIPT_MAX = 1000  # messages shown on the transcript page (a longer thread is exported)
STATUS_COLOURS = {"queued": "orange", "open": "blue", "resolved": "green", "closed": "secondary"}


def first_response(conversation: Conversation) -> str:
    """How long the buyer waited for the first answer: ``2分05秒`` style, in words of the language."""
    seconds = selectors.first_response_seconds(conversation)
    if seconds is None:
        return ""
    minutes, seconds = divmod(seconds, 60)
    if minutes >= 60:
        return _("%(hours)dh %(minutes)dm") % {"hours": minutes // 60, "minutes": minutes % 60}
    return _("%(minutes)dm %(seconds)02ds") % {"minutes": minutes, "seconds": seconds}


COLUMNS = [
    Column("buyer", gettext_lazy("Buyer"), value=lambda c: c.contact.nickname, template=CELL),
    Column("store", gettext_lazy("Store"), value=lambda c: c.store.name, truncate=True, wide_screen=True),
    Column("channel", gettext_lazy("Channel"), value=lambda c: c.get_channel_display(), sort="channel"),
    Column("assignee", gettext_lazy("Agent"), value=lambda c: str(c.assignee) if c.assignee else "", truncate=True),
    Column("created_at", gettext_lazy("Started"), sort="created_at"),
    Column("first_response", gettext_lazy("First response"), value=first_response, numeric=True),
    Column("message_count", gettext_lazy("Messages"), sort="message_count", numeric=True),
    Column("intent", gettext_lazy("Intent"), value=lambda c: c.get_intent_display(), export=True),
    Column(
        "status",
        gettext_lazy("Status"),
        value=lambda c: c.get_status_display(),
        sort="status",
        badge=lambda c: STATUS_COLOURS.get(c.status, "secondary"),
    ),
]


class HistoryView(ObjectListView):
    """The history table; ``?export=xlsx|csv`` exports the filtered conversations' messages."""

    permission = "service.view"
    title = gettext_lazy("Conversation history")
    list_key = "service.conversation"  # its export is audited as service.conversation.export
    filter_form_class = HistoryFilterForm
    export_permission = "service.export"
    columns = [*COLUMNS]
    template_name = "service/history.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            self.filter_form_class = for_user(HistoryFilterForm, request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self, filters: dict[str, Any]) -> QuerySet[Any]:
        return selectors.conversation_history(user=self.request.user, filters=filters)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        export = request.GET.get("export")
        if export in ("csv", "xlsx"):
            # One row per message, not per conversation: the service's export, not the list's.
            if not has_perm(request.user, "service.export"):
                raise PermissionDenied
            _form, filters = self.filters(request)
            return file_response(services.conversation_export(by=request.user, filters=filters, file_format=export))
        return super().get(request, *args, **kwargs)


class ConversationDetailView(ConsoleView):
    """A conversation's transcript as it stands: messages, notes and what happened, read only."""

    permission = "service.view"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        conversation = selectors.conversation_get(user=request.user, conversation_id=pk)
        messages = conversation.messages.select_related("sender_staff").order_by("pk")[:TRANSCRIPT_MAX]
        events = selectors.conversation_events(user=request.user, conversation=conversation)
        others = selectors.contact_conversations(
            user=request.user, contact_id=conversation.contact_id, exclude_id=conversation.pk
        )[:20]
        context = {
            "title": _("Conversation #%(id)d") % {"id": conversation.pk},
            "conversation": conversation,
            "contact": conversation.contact,
            "thread": list(messages),
            "events": list(events),
            "others": list(others),
            "first_response": first_response(conversation),
            "transcript_max": TRANSCRIPT_MAX,
        }
        return render(request, "service/conversation_detail.html", context)


urlpatterns: list = [
    path("history/", HistoryView.as_view(), name="history"),
    path("conversations/<int:pk>/", ConversationDetailView.as_view(), name="conversation_detail"),
]
