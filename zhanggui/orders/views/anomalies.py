"""Console page of orders with anomalies (异常订单): filtered by anomaly and store, resolved in batches."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from zhanggui.core.exceptions import ServiceError
from zhanggui.core.forms import for_user
from zhanggui.core.views.generic import BatchAction, ObjectListView
from zhanggui.core.views.tables import Column

from .. import selectors, services
from ..constants import anomaly_label
from ..forms.anomalies import AnomalyFilterForm, BatchResolveForm
from ..models import Order
from .display import STATUS_COLOURS, anomaly_labels

CELL = "orders/order_list_cell.html"  # the order list's cells: number linking to the detail, anomaly badges


class AnomalyListView(ObjectListView):
    """Orders carrying an anomaly, most recently changed first; each links to its detail page."""

    permission = "orders.view"
    title = _("Order anomalies")
    list_key = "orders.anomaly"
    filter_form_class = AnomalyFilterForm
    default_sort = "-updated_at"
    columns = [
        Column("platform_order_id", _("Order number"), sort="platform_order_id", template=CELL),
        Column("store", _("Store"), value=lambda o: o.store.name),
        Column("buyer", _("Buyer"), value=lambda o: o.buyer.nickname),
        Column(
            "status",
            _("Status"),
            value=lambda o: o.get_status_display(),
            sort="status",
            badge=lambda o: STATUS_COLOURS[o.status],
        ),
        Column("anomalies", _("Anomalies"), value=lambda o: ", ".join(anomaly_labels(o)), template=CELL),
        Column("paid_amount", _("Paid"), sort="paid_amount", numeric=True),
        Column("shipped_at", _("Shipped"), sort="shipped_at"),
        Column("updated_at", _("Updated"), sort="updated_at"),
    ]
    batch_actions = [BatchAction("resolve", _("Resolve"), "orders.review", "do_resolve", BatchResolveForm, "success")]

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            self.filter_form_class = for_user(AnomalyFilterForm, request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self, filters: dict[str, Any]) -> QuerySet[Any]:
        return selectors.order_list(user=self.request.user, filters={"anomaly": "any", **filters})

    def do_resolve(self, objects: list[Order], data: dict[str, Any]) -> str:
        """Resolve the chosen anomaly on each selected order that carries it; the others are named."""
        code, done = data["code"], 0
        for order in objects:
            if code not in order.anomalies:
                messages.warning(
                    self.request,
                    gettext("%(number)s: no “%(anomaly)s” to resolve.")
                    % {"number": order.platform_order_id, "anomaly": anomaly_label(code)},
                )
                continue
            try:
                services.order_anomaly_resolve(by=self.request.user, order=order, code=code, remark=data["remark"])
            except ServiceError as exc:
                messages.error(self.request, f"{order.platform_order_id}: {exc.message}")
            else:
                done += 1
        return gettext("%(done)d of %(count)d order(s) resolved.") % {"done": done, "count": len(objects)}


urlpatterns: list = [
    path("anomalies/", AnomalyListView.as_view(), name="anomaly_list"),
]
