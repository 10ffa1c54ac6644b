"""The order list (订单列表): every order of the staff member's stores, filtered, sorted, exported."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from zhanggui.core.exceptions import ValidationFailed
from zhanggui.core.exports import file_response
from zhanggui.core.forms import for_user
from zhanggui.core.slots import slot_badges
from zhanggui.core.views.generic import BatchAction, ObjectListView
from zhanggui.core.views.tables import Column

from .. import selectors, services
from ..forms.orders import BatchApproveForm, BatchMemoForm, BatchShipForm, OrderFilterForm
from ..models import MemoFlag, Order
from .display import LOGISTICS_COLOURS, anomaly_labels
from .paperwork import ORDER_LIST_ACTIONS

CELL = "orders/order_list_cell.html"
# What other contexts mark an order with in the list (after-sales: its open cases), beside its status.
BADGES_SLOT = "orders.order_list.badges"


def tracking_numbers(order: Order) -> str:
    return ", ".join(shipment.tracking_no for shipment in order.shipments.all())


COLUMNS = [
    Column("platform_order_id", _("Order number"), sort="platform_order_id", template=CELL),
    Column("store", _("Store"), value=lambda o: o.store.name, truncate=True),
    # The receiver (masked) under the buyer: one column less on a laptop's screen.
    Column("buyer", _("Buyer / receiver"), value=lambda o: o.buyer.nickname, sort="buyer__nickname", template=CELL),
    # 缺货 is a tag beside the status, not a column of its own that is empty on most rows.
    Column("status", _("Status"), value=lambda o: o.get_status_display(), sort="status", template=CELL),
    Column("anomalies", _("Anomalies"), value=lambda o: ", ".join(anomaly_labels(o)), template=CELL),
    # What was refunded shows under what was paid: a refund is read against the payment.
    Column("paid_amount", _("Paid"), sort="paid_amount", numeric=True, template=CELL),
    Column(
        "memo_flag",
        _("Flag"),
        value=lambda o: o.get_memo_flag_display() if o.memo_flag != MemoFlag.NONE else "",
        sort="memo_flag",
        template=CELL,
        truncate=True,
    ),
    Column("created_at", _("Ordered"), sort="created_at", compact=True),
    Column("paid_at", _("Paid at"), sort="paid_at", compact=True, wide_screen=True),
    Column("tracking_no", _("Tracking number"), value=tracking_numbers, truncate=True),
    Column(
        "logistics_status",
        _("Logistics"),
        value=lambda o: o.get_logistics_status_display(),
        sort="logistics_status",
        badge=lambda o: LOGISTICS_COLOURS.get(o.logistics_status, "secondary"),
    ),
]

BATCH_ACTIONS = [
    BatchAction("approve", _("Approve"), "orders.review", "do_approve", BatchApproveForm, "success"),
    BatchAction("memo", _("Set memo and flag"), "orders.edit", "do_memo", BatchMemoForm, "secondary"),
    BatchAction("ship", _("Ship"), "orders.ship", "do_ship", BatchShipForm),
    *ORDER_LIST_ACTIONS,
]


class OrderListView(ObjectListView):
    """Orders newest first, with the filters, saved filters, batch actions and export of every list."""

    permission = "orders.view"
    title = _("Orders")
    list_key = "orders.order"
    filter_form_class: type[forms.Form] | None = OrderFilterForm
    export_permission = "orders.export"
    export_name = "orders"
    columns = COLUMNS
    batch_actions = BATCH_ACTIONS

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            self.filter_form_class = for_user(OrderFilterForm, request.user)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # The API's export, so both write the same columns and audit the same action.
        if (file_format := request.GET.get("export")) in services.EXPORT_FORMATS:
            _form, filters = self.filters(request)
            return file_response(services.order_export(by=request.user, filters=filters, file_format=file_format))
        return super().get(request, *args, **kwargs)

    def get_queryset(self, filters: dict[str, Any]) -> QuerySet[Any]:
        return selectors.order_list(user=self.request.user, filters=filters).prefetch_related("shipments")

    def rows_of(self, objects: Iterable[Order]) -> Iterator[Order]:
        """Each order with ``slot_badges``: what other contexts mark it with, read chunk by chunk."""
        rows = iter(objects)
        while chunk := list(islice(rows, 500)):
            badges = slot_badges(BADGES_SLOT, self.request, chunk)
            for order in chunk:
                order.slot_badges = badges.get(order.pk, "")  # type: ignore[attr-defined]
            yield from chunk

    # --- batch actions: every order on its own; the failures are listed order by order ---------
    def selected_in_order(self, objects: list[Order]) -> list[Order]:
        """The selected orders in the order their rows stand in the table (the browser sends the
        ticked boxes in that order), which is the order of pasted tracking numbers."""
        position = {int(value): index for index, value in enumerate(self.request.POST.getlist("ids"))}
        return sorted(objects, key=lambda order: position.get(order.pk, len(position)))

    def report(self, result: services.BatchResult, objects: list[Order], message: str) -> str:
        numbers = {order.pk: order.platform_order_id for order in objects}
        for order_id, error in result.errors.items():
            messages.error(self.request, f"{numbers.get(order_id, order_id)}: {error}")
        return message % {"done": len(result.done), "count": len(objects)}

    def do_approve(self, objects: list[Order], data: dict[str, Any]) -> str:
        result = services.order_batch_approve(
            by=self.request.user, order_ids=[order.pk for order in objects], reason=data["reason"]
        )
        return self.report(result, objects, gettext("%(done)d of %(count)d order(s) approved."))

    def do_memo(self, objects: list[Order], data: dict[str, Any]) -> str:
        result = services.order_batch_memo_set(
            by=self.request.user, order_ids=[order.pk for order in objects], memo=data["memo"], flag=data["flag"]
        )
        return self.report(result, objects, gettext("Memo set on %(done)d of %(count)d order(s)."))

    def do_ship(self, objects: list[Order], data: dict[str, Any]) -> str:
        orders = self.selected_in_order(objects)
        numbers = data["tracking_numbers"]
        if len(numbers) != len(orders):
            raise ValidationFailed.for_field(
                "tracking_numbers",
                gettext("%(numbers)d tracking number(s) for %(count)d selected order(s); nothing was shipped.")
                % {"numbers": len(numbers), "count": len(orders)},
            )
        items = [
            services.ShipItem(order_id=order.pk, carrier=data["carrier"], tracking_no=number)
            for order, number in zip(orders, numbers, strict=True)
        ]
        result = services.order_batch_ship(by=self.request.user, items=items)
        return self.report(result, objects, gettext("%(done)d of %(count)d order(s) shipped."))
