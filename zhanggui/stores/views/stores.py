"""Console pages for stores: list, detail, create and edit, credentials (staff are assigned in accounts)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _

from zhanggui.core.exceptions import ServiceError
from zhanggui.core.permissions import has_perm
from zhanggui.core.selectors import audit_trail
from zhanggui.core.views.base import ConsoleView, apply_service_error
from zhanggui.core.views.generic import ObjectDetailView, ObjectFormView, ObjectListView
from zhanggui.core.views.tables import Column

from .. import selectors, services
from ..forms.stores import (
    CredentialReasonForm,
    CredentialUpdateForm,
    StoreCreateForm,
    StoreEditForm,
    StoreFilterForm,
)
from ..models import Store

PLATFORM_COLOURS = {
    "tmall": "red",
    "taobao": "orange",
    "jd": "pink",
    "pdd": "yellow",
    "douyin": "dark",
    "own": "blue",
    "cross_border": "purple",
}
HISTORY_ROWS = 20


def status_label(store: Store) -> Any:
    return _("Active") if store.is_active else _("Inactive")


class StoreListView(ObjectListView):
    permission = "store.view"
    title = _("Stores")
    list_key = "stores.store"
    filter_form_class = StoreFilterForm
    create_url = reverse_lazy("stores:store_create")
    create_permission = "store.manage"
    columns = [
        Column("code", _("Code"), sort="code", link=True),
        Column("name", _("Name"), sort="name"),
        Column(
            "platform",
            _("Platform"),
            value=lambda s: s.get_platform_display(),
            badge=lambda s: PLATFORM_COLOURS.get(s.platform, "secondary"),
            sort="platform",
        ),
        Column("currency", _("Currency"), sort="currency"),
        Column("time_zone", _("Time zone"), value=lambda s: selectors.time_zone_label(s.time_zone), sort="time_zone"),
        Column("staff_count", _("Staff"), numeric=True, sort="staff_count"),
        Column(
            "is_active",
            _("Status"),
            value=status_label,
            badge=lambda s: "green" if s.is_active else "secondary",
            sort="is_active",
        ),
    ]

    def get_queryset(self, filters: dict[str, Any]) -> QuerySet[Any]:
        return selectors.store_list(user=self.request.user, filters=filters)


class StoreDetailView(ObjectDetailView):
    permission = "store.view"
    template_name = "stores/store_detail.html"

    def get_object(self) -> Store:
        return selectors.store_get(user=self.request.user, store_id=self.kwargs["pk"])

    def get_context(self, obj: Store) -> dict[str, Any]:
        user = self.request.user
        can_credentials = has_perm(user, "store.credentials")
        return {
            "title": obj.name,
            "store": obj,
            "status_label": status_label(obj),
            "time_zone_label": selectors.time_zone_label(obj.time_zone),
            "platform_colour": PLATFORM_COLOURS.get(obj.platform, "secondary"),
            "members": obj.staff.order_by("username"),
            "can_manage": has_perm(user, "store.manage"),
            "can_reveal": has_perm(user, "pii.reveal"),
            "can_credentials": can_credentials,
            "credential_status": selectors.store_credential_status(store=obj) if can_credentials else None,
            "history": list(audit_trail(obj=obj).reverse()[:HISTORY_ROWS]) if has_perm(user, "audit.view") else None,
        }


class StoreCreateView(ObjectFormView):
    permission = "store.manage"
    form_class = StoreCreateForm
    title = _("New store")
    success_message = _("Store created.")

    def perform(self, form: forms.Form, obj: Any) -> str:
        data = form.cleaned_data
        store = services.store_create(
            by=self.request.user,
            code=data["code"],
            name=data["name"],
            platform=data["platform"],
            currency=data["currency"],
            time_zone=data["time_zone"],
            contact_name=data["contact_name"],
            contact_phone=data["contact_phone"],
            is_active=data["is_active"],
        )
        return store.get_absolute_url()


class StoreEditView(ObjectFormView):
    permission = "store.manage"
    form_class = StoreEditForm
    title = _("Edit store")
    success_message = _("Store saved.")

    def get_object(self) -> Store:
        return selectors.store_get(user=self.request.user, store_id=self.kwargs["pk"])

    def get_initial(self, obj: Store) -> dict[str, Any]:
        return {
            "name": obj.name,
            "platform": obj.platform,
            "currency": obj.currency,
            "time_zone": obj.time_zone,
            "is_active": obj.is_active,
        }

    def get_form(self, obj: Store, data: Any = None, files: Any = None) -> forms.Form:
        return StoreEditForm(data, files, initial=self.get_initial(obj), store=obj)

    def perform(self, form: forms.Form, obj: Store) -> str:
        data = form.cleaned_data
        store = services.store_update(
            by=self.request.user,
            store=obj,
            name=data["name"],
            platform=data["platform"],
            currency=data["currency"],
            time_zone=data["time_zone"],
            contact_name=data["contact_name"] or obj.contact_name,
            contact_phone=data["contact_phone"] or obj.contact_phone,
            is_active=data["is_active"],
            reason=data["reason"],
        )
        return store.get_absolute_url()

    def get_context(self, obj: Store) -> dict[str, Any]:
        return {"title": _("Edit store: %(name)s") % {"name": obj.name}}


class StoreCredentialsView(ConsoleView):
    """Administrators change a store's credentials here; the values show only when asked (audited)."""

    permission = "store.credentials"

    def store(self) -> Store:
        return selectors.store_get(user=self.request.user, store_id=self.kwargs["pk"])

    def page(self, request: HttpRequest, store: Store, status: int = 200, **context: Any) -> HttpResponse:
        context.setdefault("update_form", CredentialUpdateForm())
        context.setdefault("reveal_form", CredentialReasonForm(prefix="reveal"))
        context.setdefault("retire_form", CredentialReasonForm(prefix="retire"))
        context.update(
            {
                "title": _("Credentials: %(name)s") % {"name": store.name},
                "store": store,
                "status": selectors.store_credential_status(store=store),
            }
        )
        return render(request, "stores/store_credentials.html", context, status=status)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.page(request, self.store())

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        store = self.store()
        action = request.POST.get("_action")
        if action == "view":
            form = CredentialReasonForm(request.POST, prefix="reveal")
            form.is_valid()
            try:
                values = services.store_credential_view(
                    by=request.user, store=store, reason=form.cleaned_data.get("reason", "")
                )
            except ServiceError as exc:
                apply_service_error(form, request, exc)
                return self.page(request, store, status=422, reveal_form=form)
            return self.page(request, store, values=values)
        if action == "retire":
            form = CredentialReasonForm(request.POST, prefix="retire")
            form.is_valid()
            try:
                services.store_webhook_secret_retire_previous(
                    by=request.user, store=store, reason=form.cleaned_data.get("reason", "")
                )
            except ServiceError as exc:
                apply_service_error(form, request, exc)
                return self.page(request, store, status=422, retire_form=form)
            messages.success(request, _("The previous webhook secret is retired."))
            return HttpResponseRedirect(reverse("stores:store_credentials", args=[store.pk]))
        form = CredentialUpdateForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.store_credential_update(
                    by=request.user,
                    store=store,
                    app_key=data["app_key"],
                    app_secret=data["app_secret"],
                    webhook_secret=data["webhook_secret"],
                    reason=data["reason"],
                )
            except ServiceError as exc:
                apply_service_error(form, request, exc)
            else:
                messages.success(request, _("Credentials saved."))
                return HttpResponseRedirect(reverse("stores:store_credentials", args=[store.pk]))
        return self.page(request, store, status=422, update_form=form)
