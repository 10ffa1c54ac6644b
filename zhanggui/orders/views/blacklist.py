"""Console pages of the buyer blacklist (黑名单): the list, adding a buyer, removing one."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import path, reverse, reverse_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from zhanggui.core.exceptions import ServiceError
from zhanggui.core.forms import for_user
from zhanggui.core.pii import mask_phone
from zhanggui.core.views.generic import BatchAction, ObjectFormView, ObjectListView
from zhanggui.core.views.tables import Column

from .. import services
from ..forms.blacklist import BatchRemoveForm, BlacklistEntryForm, BlacklistFilterForm, RemoveForm
from ..models import BlacklistEntry
from ..selectors.blacklist import blacklist_entry_get, blacklist_list


class BlacklistListView(ObjectListView):
    """Buyers whose paid orders are held for review, newest first."""

    permission = "orders.blacklist"
    title = _("Blacklist")
    list_key = "orders.blacklist"
    create_url = reverse_lazy("orders:blacklist_create")
    filter_form_class = BlacklistFilterForm
    columns = [
        Column("store", _("Store"), value=lambda e: e.store.name, sort="store__name"),
        Column("nickname", _("Buyer nickname"), sort="nickname"),
        Column("phone", _("Phone"), pii="phone"),
        Column("reason", _("Reason")),
        Column("created_by", _("Added by"), value=lambda e: str(e.created_by)),
        Column("created_at", _("Added"), sort="created_at"),
        Column("remove", _("Remove"), template="orders/blacklist_cell.html", export=False),
    ]
    batch_actions = [BatchAction("remove", _("Remove"), "orders.blacklist", "do_remove", BatchRemoveForm, "danger")]

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            self.filter_form_class = for_user(BlacklistFilterForm, request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self, filters: dict[str, Any]) -> QuerySet[Any]:
        return blacklist_list(user=self.request.user, filters=filters)

    def do_remove(self, objects: list[BlacklistEntry], data: dict[str, Any]) -> str:
        removed = 0
        for entry in objects:
            try:
                services.blacklist_entry_remove(by=self.request.user, entry=entry, reason=data["reason"])
            except ServiceError as exc:
                messages.error(self.request, f"{entry}: {exc.message}")
            else:
                removed += 1
        return gettext("%(done)d of %(count)d entries removed.") % {"done": removed, "count": len(objects)}


class BlacklistCreateView(ObjectFormView):
    permission = "orders.blacklist"
    title = _("Blacklist a buyer")
    submit_label = _("Add to the blacklist")
    success_message = _("Added to the blacklist.")

    def get_form(self, obj: Any, data: Any = None, files: Any = None) -> Any:
        return for_user(BlacklistEntryForm, self.request.user)(data, files)

    def perform(self, form: Any, obj: Any) -> str:
        services.blacklist_entry_add(by=self.request.user, **form.cleaned_data)
        return reverse("orders:blacklist_list")


class BlacklistRemoveView(ObjectFormView):
    permission = "orders.blacklist"
    form_class = RemoveForm
    title = _("Remove from the blacklist")
    submit_label = _("Remove")
    success_message = _("Removed from the blacklist.")

    def get_object(self) -> BlacklistEntry:
        return blacklist_entry_get(user=self.request.user, entry_id=self.kwargs["pk"])

    def get_context(self, obj: BlacklistEntry) -> dict[str, Any]:
        return {"title": f"{self.title} · {obj.store.name} · {obj.nickname or mask_phone(obj.phone)}"}

    def perform(self, form: Any, obj: BlacklistEntry) -> str:
        services.blacklist_entry_remove(by=self.request.user, entry=obj, reason=form.cleaned_data["reason"])
        return reverse("orders:blacklist_list")


urlpatterns: list = [
    path("blacklist/", BlacklistListView.as_view(), name="blacklist_list"),
    path("blacklist/new/", BlacklistCreateView.as_view(), name="blacklist_create"),
    path("blacklist/<int:pk>/remove/", BlacklistRemoveView.as_view(), name="blacklist_remove"),
]
