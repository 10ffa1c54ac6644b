"""Anomalies (异常) after review: raising them from other services, resolving them, and the
periodic check that flags shipments without tracking news (and clears the flag once they move)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from zhanggui.core.actors import Actor
from zhanggui.core.audit import audit_record
from zhanggui.core.exceptions import ConflictError, FieldError, ValidationFailed
from zhanggui.core.inputs import text
from zhanggui.core.models import AuditEvent

from ..constants import ANOMALY_LABELS, STUCK_SHIPMENT, anomaly_label
from ..models import Order, OrderAnomaly, TrackingEvent
from ..selectors.anomalies import with_anomaly
from ..selectors.rules import StoreLimit
from ..states import OrderStatus
from .transitions import authorise, locked

RESOLVE_ACTION = "orders.order.anomaly_resolve"


# --- helpers for other services (they save and audit) -------------------------------------------
def flag(order: Order, code: str) -> bool:
    """Add ``code`` to the order's anomalies (the list is not saved: the caller saves it in its
    transaction) and to their index; False if it was already there."""
    if code in order.anomalies:
        return False
    order.anomalies = [*order.anomalies, code]
    OrderAnomaly.objects.bulk_create([OrderAnomaly(order_id=order.pk, code=code)], ignore_conflicts=True)
    return True


def unflag(order: Order, code: str) -> bool:
    """Drop ``code`` from the order's anomalies (the list is not saved: the caller saves it in its
    transaction) and from their index; False if it was not there."""
    if code not in order.anomalies:
        return False
    order.anomalies = [c for c in order.anomalies if c != code]
    OrderAnomaly.objects.filter(order_id=order.pk, code=code).delete()
    return True


def anomalies_index(orders: Iterable[Order]) -> None:
    """Index the anomalies of orders whose lists were written in bulk (the demo shop), as ``flag`` does one by one."""
    rows = [OrderAnomaly(order_id=order.pk, code=code) for order in orders for code in order.anomalies]
    OrderAnomaly.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)


def anomaly_clear_stuck(order: Order) -> bool:
    """The parcel moved (a new tracking event): it is no longer stuck. Call under the order's
    lock inside the caller's transaction; saves ``anomalies`` and returns whether it changed, so
    the caller can note ``anomalies`` in its own audit row."""
    if not unflag(order, STUCK_SHIPMENT):
        return False
    Order.objects.filter(pk=order.pk).update(anomalies=order.anomalies)
    return True


# --- resolving ---------------------------------------------------------------------------------
@transaction.atomic
def order_anomaly_resolve(*, by: Actor, order: Order, code: str, remark: str) -> Order:
    """A clerk checked an anomaly (e.g. called the buyer about the new address) and clears it,
    saying what was done. Resolving a stuck shipment restarts its clock."""
    authorise(by, "orders.review", order)
    errors = []
    if code not in ANOMALY_LABELS:
        errors.append(FieldError("code", _("Unknown anomaly.")))
    try:
        remark = text(remark, "remark", max_length=500)
    except ValidationFailed as exc:
        errors.extend(exc.errors)
    if errors:
        raise ValidationFailed(errors=errors)
    order = locked(order)
    before = list(order.anomalies)
    if not unflag(order, code):
        raise ConflictError(
            _("Order %(number)s has no anomaly “%(anomaly)s” (anymore).")
            % {"number": order.platform_order_id, "anomaly": anomaly_label(code)},
            code="no_such_anomaly",
        )
    _save(order)
    audit_record(
        actor=by,
        action=RESOLVE_ACTION,
        obj=order,
        before={"anomalies": before},
        after={"anomalies": order.anomalies, "resolved": code},
        reason=remark,
    )
    return order


def _save(order: Order) -> None:
    order.updated_at = timezone.now()
    order.save(update_fields=["anomalies", "updated_at"])


# --- stuck shipments (periodic) ------------------------------------------------------------------
def order_stuck_shipments_flag(*, now: dt.datetime | None = None) -> int:
    """Flag shipped orders with no news (tracking event, shipment or a clerk's resolution) for
    their store's ``stuck_shipment_days``; clear the flag where the parcel moved or arrived.
    The system acts; safe to rerun (an order already right is left alone). How many changed."""
    now = now or timezone.now()
    days = StoreLimit("stuck_shipment_days")
    old = Order.objects.filter(status=OrderStatus.SHIPPED, shipped_at__lt=now - dt.timedelta(days=days.shortest()))
    candidates: dict[int, int] = dict(old.values_list("pk", "store_id"))
    candidates.update(with_anomaly(Order.objects.all(), STUCK_SHIPMENT).values_list("pk", "store_id"))
    changed = 0
    pks = sorted(candidates)
    for start in range(0, len(pks), 500):
        chunk = pks[start : start + 500]
        news = _latest_news(chunk)
        rows = Order.objects.filter(pk__in=chunk).values_list("pk", "status", "anomalies")
        for pk, status, anomalies in rows:
            limit = days.of(candidates[pk])
            if _is_stuck(status, news.get(pk), limit, now) != (STUCK_SHIPMENT in anomalies):
                changed += _recheck(pk, limit, now)
    return changed


def _latest_news(pks: Iterable[int]) -> dict[int, dt.datetime | None]:
    """Per order, the last sign of life: shipped, a tracking event, or a clerk resolving it as stuck."""
    pks = list(pks)
    latest: dict[int, dt.datetime | None] = dict(Order.objects.filter(pk__in=pks).values_list("pk", "shipped_at"))
    events = (
        TrackingEvent.objects.filter(shipment__order_id__in=pks)
        .values("shipment__order_id")
        .annotate(last=Max("at"))
        .values_list("shipment__order_id", "last")
    )
    resolutions = (
        AuditEvent.objects.filter(
            action=RESOLVE_ACTION, object_type="orders.order", object_id__in=[str(pk) for pk in pks]
        )
        .filter(after__resolved=STUCK_SHIPMENT)
        .values("object_id")
        .annotate(last=Max("at"))
        .values_list("object_id", "last")
    )
    for pk, at in [*events, *((int(pk), at) for pk, at in resolutions)]:
        current = latest.get(pk)
        latest[pk] = at if current is None or (at is not None and at > current) else current
    return latest


def _is_stuck(status: str, news: dt.datetime | None, days: int, now: dt.datetime) -> bool:
    return status == OrderStatus.SHIPPED and news is not None and news < now - dt.timedelta(days=days)


@transaction.atomic
def _recheck(pk: int, days: int, now: dt.datetime) -> int:
    """Decide again under the order's lock (tracking may have arrived meanwhile); 1 if changed."""
    order = Order.objects.select_for_update().filter(pk=pk).first()
    if order is None:
        return 0
    news = _latest_news([pk]).get(pk)
    before = list(order.anomalies)
    if _is_stuck(order.status, news, days, now):
        if not flag(order, STUCK_SHIPMENT):
            return 0
        action = "orders.order.anomaly_raise"
        reason = _("No tracking news since %(time)s") % {"time": timezone.localtime(news).strftime("%Y-%m-%d %H:%M")}
    else:
        if not unflag(order, STUCK_SHIPMENT):
            return 0
        action, reason = "orders.order.anomaly_clear", _("The parcel moved again")
    _save(order)
    audit_record(
        actor=None,
        action=action,
        obj=order,
        before={"anomalies": before},
        after={"anomalies": order.anomalies},
        reason=reason,
    )
    return 1
