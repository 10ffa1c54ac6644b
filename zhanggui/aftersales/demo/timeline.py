"""Dating a demo case's history back: the services stamp each step with the time they run; the demo
then moves those stamps to the hours its plan gives, as if each step had happened then.

The audit log is append-only, so its rows keep the time the demo really ran: it is a true record of
what the demo did, while the cases, refunds and orders carry their planned history.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models
from django.utils import timezone

from zhanggui.orders.models import Order

from ..models import Case, Refund
from ..selectors.rules import aftersales_rules
from ..services.steps import step_due

KEEP_ORDER = dt.timedelta(seconds=1)  # steps a moment apart keep their order, and no more


class Timeline:
    """Marks taken before each step (the real time, the planned one); stamps from a step's run map to
    its planned time. Stamps before the first mark (the request's own, the order's history) stay."""

    def __init__(self) -> None:
        self.marks: list[tuple[dt.datetime, dt.datetime]] = []

    def step(self, planned: dt.datetime) -> None:
        self.marks.append((timezone.now(), planned))

    def planned(self, value: Any, until: dt.datetime) -> Any:
        """The planned time of a stamp made by a step; others (earlier ones, and deadlines after
        ``until``, which the services reckon from planned times) stay as they are."""
        if not isinstance(value, dt.datetime) or not self.marks or not self.marks[0][0] <= value <= until:
            return value
        for real, planned in reversed(self.marks):
            if value >= real:
                return planned + min(value - real, KEEP_ORDER)
        return value

    def redate(self, queryset: models.QuerySet[Any]) -> None:
        model = queryset.model
        fields = [f.name for f in model._meta.concrete_fields if isinstance(f, models.DateTimeField)]
        until = timezone.now()
        for row in queryset.values("pk", *fields):
            moved = {name: self.planned(row[name], until) for name in fields}
            changes = {name: value for name, value in moved.items() if value != row[name]}
            if changes:
                model.objects.filter(pk=row["pk"]).update(**changes)

    def apply(self, case: Case) -> None:
        """Date back everything the case's steps wrote, then set its step's deadline from the new times."""
        self.redate(Refund.objects.filter(case=case))
        case.refresh_from_db()
        self.redate(Order.objects.filter(pk__in=[case.order_id, case.replacement_order_id or 0]))
        self.redate(Case.objects.filter(pk=case.pk))
        case.refresh_from_db()
        case.due_at, case.reminded_at = step_due(case, aftersales_rules(case.store_id)), None
        case.save(update_fields=["due_at", "reminded_at"])
