"""Actions from the thread, each through the service of the context that owns it: change the order's
address (orders), the seller memo (orders), open an after-sales case (aftersales), a follow-up, and
the cards (order, tracking, product) sent into the conversation.

A form opens in the workspace's modal (GET ``?c=<conversation>&order=<order>``) and posts back
(``conversation``, ``order``). An order is one of the conversation's buyer in its store, read through
the orders selector with the agent's scope: any other is missing (404). Success answers the
``ws-done`` trigger (the page closes the modal and refreshes the thread and the buyer's pane); a
refusal shows the form again with the service's translated error on its field (status 422).
"""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhanggui.accounts.models import Staff
from zhanggui.aftersales.models import CaseSource
from zhanggui.aftersales.services import CaseLineInput, case_create
from zhanggui.catalog.models import Product, Sku
from zhanggui.core.exceptions import ServiceError
from zhanggui.core.views.base import ConsoleView, apply_service_error
from zhanggui.orders.models import Order
from zhanggui.orders.selectors import order_get
from zhanggui.orders.services import order_address_change, order_memo_set

from .. import selectors, services
from ..forms.actions import AddressForm, CaseForm, FollowUpForm, MemoForm, TransferForm
from ..models import Conversation
from .workspace import conversation_from, done, refused

FORM_TEMPLATE = "service/ws_action_form.html"


def _id(value: str | None) -> int:
    raw = value or ""
    if not raw.isascii() or not raw.isdecimal():
        raise Http404
    return int(raw)


def order_of(request: HttpRequest, conversation: Conversation, value: str | None) -> Order:
    """The order, if it is the conversation's or its buyer's, in the conversation's store."""
    order = order_get(user=request.user, order_id=_id(value))
    contact = conversation.contact
    ours = order.pk == conversation.order_id or (contact.buyer_id is not None and order.buyer_id == contact.buyer_id)
    if order.store_id != conversation.store_id or not ours:
        raise Http404
    return order


class ActionView(ConsoleView):
    """One action's form in the modal, and its POST through the owning service."""

    title: Any = ""
    submit_label: Any = gettext_lazy("Save")
    success_message: Any = ""
    needs_order = True

    def build_form(self, order: Order | None, data: Any = None) -> forms.Form:
        raise NotImplementedError

    def perform(self, conversation: Conversation, order: Order | None, form: Any) -> None:
        raise NotImplementedError

    def targets(self, request: HttpRequest, source: Any) -> tuple[Conversation, Order | None]:
        conversation = conversation_from(request, source.get("c") or source.get("conversation"))
        order = order_of(request, conversation, source.get("order")) if self.needs_order else None
        return conversation, order

    def show(
        self, request: HttpRequest, conversation: Conversation, order: Order | None, form: forms.Form, status: int = 200
    ) -> HttpResponse:
        context = {
            "title": self.title,
            "submit_label": self.submit_label,
            "form": form,
            "conversation": conversation,
            "order": order,
            "action_url": request.path,
            "line_fields": form.line_fields() if isinstance(form, CaseForm) else [],
        }
        return render(request, FORM_TEMPLATE, context, status=status)

    def get(self, request: HttpRequest) -> HttpResponse:
        conversation, order = self.targets(request, request.GET)
        return self.show(request, conversation, order, self.build_form(order))

    def post(self, request: HttpRequest) -> HttpResponse:
        conversation, order = self.targets(request, request.POST)
        form = self.build_form(order, request.POST)
        if form.is_valid():
            try:
                self.perform(conversation, order, form)
            except ServiceError as exc:
                apply_service_error(form, request, exc)
                if not form.errors:
                    form.add_error(None, exc.message)
            else:
                message = str(self.success_message) % {"number": order.platform_order_id if order else ""}
                response = render(request, "service/ws_action_done.html", {"message": message})
                response["HX-Trigger"] = json.dumps({"ws-done": {"conversation": conversation.pk, "message": message}})
                return response
        return self.show(request, conversation, order, form, status=422)


class AddressChangeView(ActionView):
    """改地址 through ``order_address_change``, which refuses once the parcel has left."""

    permission = "orders.edit"
    title = gettext_lazy("Change the order's address")
    success_message = gettext_lazy("The address of order %(number)s is changed.")

    def build_form(self, order: Order | None, data: Any = None) -> forms.Form:
        assert order is not None
        initial = {
            "province": order.province,
            "city": order.city,
            "district": order.district,
            "reason": _("The buyer asked in the conversation"),
        }
        return AddressForm(data, order=order, initial=initial)

    def perform(self, conversation: Conversation, order: Order | None, form: Any) -> None:
        assert order is not None
        data = form.cleaned_data
        order_address_change(
            by=self.request.user,
            order=order,
            receiver_name=data["receiver_name"] or order.receiver_name,
            receiver_phone=data["receiver_phone"] or order.receiver_phone,
            province=data["province"],
            city=data["city"],
            district=data["district"],
            address_detail=data["address_detail"],
            reason=data["reason"],
        )


class MemoSetView(ActionView):
    """卖家备注 through ``order_memo_set``."""

    permission = "orders.edit"
    title = gettext_lazy("Seller memo")
    success_message = gettext_lazy("The seller memo of order %(number)s is saved.")

    def build_form(self, order: Order | None, data: Any = None) -> forms.Form:
        assert order is not None
        return MemoForm(data, initial={"seller_memo": order.seller_memo, "memo_flag": order.memo_flag})

    def perform(self, conversation: Conversation, order: Order | None, form: Any) -> None:
        assert order is not None
        data = form.cleaned_data
        order_memo_set(by=self.request.user, order=order, memo=data["seller_memo"], flag=data["memo_flag"])


class CaseOpenView(ActionView):
    """申请售后 through ``case_create``, the conversation named as where the buyer asked."""

    permission = "aftersales.create"
    title = gettext_lazy("After-sales request")
    submit_label = gettext_lazy("Open the case")
    success_message = gettext_lazy("An after-sales case on order %(number)s is open.")

    def build_form(self, order: Order | None, data: Any = None) -> forms.Form:
        assert order is not None
        return CaseForm(data, order=order)

    def perform(self, conversation: Conversation, order: Order | None, form: Any) -> None:
        assert order is not None
        data = form.cleaned_data
        case_create(
            by=self.request.user,
            order=order,
            type=data["type"],
            reason=data["reason"],
            lines=[CaseLineInput(order_line_id=line_id, quantity=units) for line_id, units in form.picked()],
            description=data["description"],
            source=CaseSource.CONVERSATION,
            conversation_ref=str(conversation.pk),
        )


class FollowUpCreateView(ActionView):
    """创建跟进 through the channels area's ``followup_create``."""

    permission = "service.reply"
    title = gettext_lazy("New follow-up")
    success_message = gettext_lazy("Follow-up created.")
    needs_order = False

    def targets(self, request: HttpRequest, source: Any) -> tuple[Conversation, Order | None]:
        conversation, _none = super().targets(request, source)
        order = order_of(request, conversation, source.get("order")) if source.get("order") else None
        return conversation, order

    def build_form(self, order: Order | None, data: Any = None) -> forms.Form:
        return FollowUpForm(data)

    def perform(self, conversation: Conversation, order: Order | None, form: Any) -> None:
        data = form.cleaned_data
        services.followup_create(
            by=self.request.user,
            contact=conversation.contact,
            kind=data["kind"],
            note=data["note"],
            due_at=data["due_at"],
            conversation=conversation,
            order=order,
            assignee=self.request.user,
        )


class TransferView(ActionView):
    """转接 through the assignment area's ``conversation_transfer``: to an agent or a group, with a note."""

    permission = "service.reply"
    title = gettext_lazy("Transfer the conversation")
    submit_label = gettext_lazy("Transfer")
    success_message = gettext_lazy("Conversation transferred.")
    needs_order = False

    def targets(self, request: HttpRequest, source: Any) -> tuple[Conversation, Order | None]:
        conversation, order = super().targets(request, source)
        self.conversation = conversation
        return conversation, order

    def build_form(self, order: Order | None, data: Any = None) -> forms.Form:
        user = self.request.user
        groups = list(selectors.group_list(user=user, store=self.conversation.store_id).filter(is_active=True))
        agents = Staff.objects.filter(service_groups__in=groups, is_active=True).exclude(pk=user.pk)
        return TransferForm(data, agents=list(agents.distinct().order_by("pk")), groups=groups)

    def perform(self, conversation: Conversation, order: Order | None, form: Any) -> None:
        data = form.cleaned_data
        to_staff = Staff.objects.filter(pk=data["to_staff"]).first() if data["to_staff"] else None
        user = self.request.user
        to_group = selectors.group_get(user=user, group_id=data["to_group"]) if data["to_group"] else None
        services.conversation_transfer(
            by=user, conversation=conversation, to_staff=to_staff, to_group=to_group, note=data["note"]
        )


class ImageSendView(ConsoleView):
    """图片: a picture from the composer, checked and stored by the channels area, then sent."""

    permission = "service.reply"

    def post(self, request: HttpRequest) -> HttpResponse:
        conversation = conversation_from(request, request.POST.get("conversation"))
        upload = request.FILES.get("image")
        if upload is None:
            return refused(_("Choose a picture."))
        try:
            name = services.message_image_store(upload=upload)
            try:
                services.message_send(by=request.user, conversation=conversation, image_name=name, kind="image")
            except ServiceError:
                services.message_image_delete(name)
                raise
        except ServiceError as exc:
            return refused(exc.message)
        return done(conversation, "ws-card-sent")  # what the agent was writing stays


# --- cards ---------------------------------------------------------------------------------------
class OrderCardSendView(ConsoleView):
    """发送订单卡片 (and, with ``tracking``, 发送物流卡片): POST ``conversation``, ``order``."""

    permission = "service.reply"
    tracking = False

    def post(self, request: HttpRequest) -> HttpResponse:
        conversation = conversation_from(request, request.POST.get("conversation"))
        order = order_of(request, conversation, request.POST.get("order"))
        send = services.tracking_card_send if self.tracking else services.order_card_send
        try:
            send(by=request.user, conversation=conversation, order=order)
        except ServiceError as exc:
            return refused(exc.message)
        return done(conversation, "ws-card-sent")


class TrackingCardSendView(OrderCardSendView):
    tracking = True


class ProductCardSendView(ConsoleView):
    """发送商品卡片 from the knowledge panel: POST ``conversation``, ``product``, ``sku`` (optional)."""

    permission = "service.reply"

    def post(self, request: HttpRequest) -> HttpResponse:
        conversation = conversation_from(request, request.POST.get("conversation"))
        product = Product.objects.filter(pk=_id(request.POST.get("product"))).first()
        if product is None:
            raise Http404
        sku = None
        if request.POST.get("sku"):
            sku = Sku.objects.filter(pk=_id(request.POST.get("sku"))).first()
            if sku is None:
                raise Http404
        try:
            services.product_card_send(by=request.user, conversation=conversation, product=product, sku=sku)
        except ServiceError as exc:
            return refused(exc.message)
        return done(conversation, "ws-card-sent")


urlpatterns = [
    path("workspace/actions/address/", AddressChangeView.as_view(), name="action_address"),
    path("workspace/actions/memo/", MemoSetView.as_view(), name="action_memo"),
    path("workspace/actions/case/", CaseOpenView.as_view(), name="action_case"),
    path("workspace/actions/follow-up/", FollowUpCreateView.as_view(), name="action_followup"),
    path("workspace/actions/transfer/", TransferView.as_view(), name="workspace_transfer"),
    path("workspace/image/", ImageSendView.as_view(), name="workspace_image"),
    path("workspace/cards/order/", OrderCardSendView.as_view(), name="card_order_send"),
    path("workspace/cards/tracking/", TrackingCardSendView.as_view(), name="card_tracking_send"),
    path("workspace/cards/product/", ProductCardSendView.as_view(), name="card_product_send"),
]
