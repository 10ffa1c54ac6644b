"""快捷短语: the agent's own canned replies and the team's (a lead changes those), and the picker the
workspace's composer opens: each reply with its variables filled for the conversation."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhanggui.core.exceptions import NotFoundError, ServiceError
from zhanggui.core.forms import for_user
from zhanggui.core.views.base import ConsoleView
from zhanggui.core.views.generic import ObjectFormView, ObjectListView
from zhanggui.core.views.tables import Column

from .. import selectors, services
from ..forms.canned import TEAM, CannedFilterForm, CannedReplyCreateForm, CannedReplyForm
from ..models import CannedReply

PICKER_SHOWN = 30
CELL = "service/canned_cell.html"


def whose(reply: CannedReply) -> str:
    if reply.owner_id is not None:
        return _("Mine")
    return reply.store.name if reply.store else _("Team · all stores")


class CannedListView(ObjectListView):
    permission = "service.reply"
    title = gettext_lazy("Canned replies")
    filter_form_class = CannedFilterForm
    create_url = reverse_lazy("service:canned_create")
    columns = [
        Column("shortcut", gettext_lazy("Shortcut"), sort="shortcut"),
        Column("title", gettext_lazy("Title"), template=CELL),
        Column("category", gettext_lazy("Category"), sort="category"),
        Column("body", gettext_lazy("Text"), wrap=True),
        Column("whose", gettext_lazy("Whose"), value=whose),
        Column("use_count", gettext_lazy("Times used"), sort="use_count", numeric=True),
    ]

    def get_queryset(self, filters: dict[str, Any]) -> QuerySet[Any]:
        return selectors.canned_reply_list(user=self.request.user, filters=filters)


class CannedCreateView(ObjectFormView):
    permission = "service.reply"
    title = gettext_lazy("New canned reply")
    success_message = gettext_lazy("Canned reply saved.")

    def get_form(self, obj: Any, data: Any = None, files: Any = None) -> Any:
        return for_user(CannedReplyCreateForm, self.request.user)(data, files)

    def perform(self, form: Any, obj: Any) -> str:
        data = dict(form.cleaned_data)
        team = data.pop("scope", "") == TEAM
        services.canned_reply_create(by=self.request.user, team=team, store_id=data.pop("store"), **data)
        return reverse("service:canned_list")


class CannedEditView(ObjectFormView):
    """A reply ``by`` may change; another agent's is a 404, the team's without the right a 403."""

    permission = "service.reply"
    form_class = CannedReplyForm
    template_name = "service/canned_form.html"
    title = gettext_lazy("Canned reply")
    success_message = gettext_lazy("Canned reply saved.")

    def get_object(self) -> CannedReply:
        reply = selectors.canned_reply_get(user=self.request.user, reply_id=self.kwargs["pk"])
        services.canned_reply_editable(by=self.request.user, reply=reply)
        return reply

    def get_initial(self, obj: CannedReply) -> dict[str, Any]:
        return {name: getattr(obj, name) for name in ("title", "shortcut", "category", "body")}

    def perform(self, form: Any, obj: CannedReply) -> str:
        services.canned_reply_update(by=self.request.user, reply=obj, **form.cleaned_data)
        return reverse("service:canned_list")


class CannedDeleteView(ConsoleView):
    permission = "service.reply"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        reply = selectors.canned_reply_get(user=request.user, reply_id=pk)
        try:
            services.canned_reply_delete(by=request.user, reply=reply)
            messages.success(request, _("Canned reply deleted."))
        except ServiceError as exc:
            messages.error(request, exc.message)
        return HttpResponseRedirect(reverse("service:canned_list"))


class CannedPickerView(ConsoleView):
    """``?conversation=<id>&q=<words or /shortcut>`` → the replies for that conversation's store,
    each with its text filled (``data-fill``) for the composer to insert."""

    permission = "service.reply"

    def get(self, request: HttpRequest) -> HttpResponse:
        try:
            conversation_id = int(request.GET.get("conversation", ""))
        except ValueError as exc:
            raise NotFoundError() from exc
        conversation = selectors.conversation_get(user=request.user, conversation_id=conversation_id)
        replies = list(
            selectors.canned_reply_list(
                user=request.user, store=conversation.store_id, filters={"q": request.GET.get("q", "")}
            )[:PICKER_SHOWN]
        )
        variables = services.canned_variables(conversation) if replies else {}
        items = [(reply, services.canned_text_fill(reply.body, variables)) for reply in replies]
        return render(request, "service/canned_picker.html", {"items": items, "conversation": conversation})


class CannedUsedView(ConsoleView):
    """The composer tells when a reply was inserted (the picker orders by use)."""

    permission = "service.reply"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        reply = selectors.canned_reply_get(user=request.user, reply_id=pk)
        services.canned_reply_used(by=request.user, reply=reply)
        return HttpResponse(status=204)


urlpatterns: list = [
    path("canned/", CannedListView.as_view(), name="canned_list"),
    path("canned/new/", CannedCreateView.as_view(), name="canned_create"),
    path("canned/picker/", CannedPickerView.as_view(), name="canned_picker"),
    path("canned/<int:pk>/", CannedEditView.as_view(), name="canned_edit"),
    path("canned/<int:pk>/delete/", CannedDeleteView.as_view(), name="canned_delete"),
    path("canned/<int:pk>/used/", CannedUsedView.as_view(), name="canned_used"),
]
