"""Carrier tracking news of a shipment (物流轨迹): added as the carrier reports it, safely re-sent.

Carriers re-send their whole history with every update, so an event already known (same
shipment, time and description) is skipped; a call that adds nothing writes nothing. Each event
carries a logistics status (揽收, 运输中, 派送中, 已签收, 异常): the one the feed gives, else the one
its text reports (``states.logistics_status_of``). A shipment's status is that of its latest event
that has one; an order's rolls its shipments' up (``states.order_logistics_status``). An event
whose status is signed (签收) moves a shipped order to delivered.

``shipment_tracking_add`` serves one shipment (the API); ``shipment_tracking_batch_add`` many at
once with the same rules (the tracking file import, audited once by its job).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhanggui.core.actors import Actor
from zhanggui.core.audit import audit_record
from zhanggui.core.exceptions import FieldError, ServiceError, ValidationFailed
from zhanggui.core.imports.sql import CHUNK, chunked
from zhanggui.core.inputs import text
from zhanggui.core.permissions import require_perm, require_store_access

from ..models import Order, Shipment, TrackingEvent
from ..states import LogisticsStatus, OrderStatus, logistics_status_of, order_logistics_status
from .anomalies import anomaly_clear_stuck
from .lifecycle import order_deliver
from .transitions import authorise, locked


@dataclass(frozen=True)
class TrackingEventData:
    """One event as the carrier reports it.

    ``status`` is a ``LogisticsStatus`` code when the feed gives one, else read from the
    description; ``delivered`` (the signature, 签收) is the same as ``status="signed"``. A time
    without a time zone is read in the server's zone (carriers report Beijing time).
    """

    at: dt.datetime
    description: str
    location: str = ""
    delivered: bool = False
    status: str = ""


def tracking_event_clean(event: TrackingEventData, *, now: dt.datetime, prefix: str = "") -> TrackingEventData:
    """The event checked, its time aware and its status decided; every bad field at once, named
    ``<prefix><field>`` (``at``, ``description``, ``location``, ``status``)."""
    errors: list[FieldError] = []
    at = timezone.make_aware(event.at) if timezone.is_naive(event.at) else event.at
    description = location = ""
    try:
        description = text(event.description, f"{prefix}description", max_length=200)
    except ServiceError as exc:
        errors.extend(exc.errors)
    try:
        location = text(event.location, f"{prefix}location", required=False, max_length=80)
    except ServiceError as exc:
        errors.extend(exc.errors)
    if at > now:
        errors.append(FieldError(f"{prefix}at", _("A tracking event cannot lie in the future.")))
    if event.status and event.status not in LogisticsStatus.values:
        errors.append(FieldError(f"{prefix}status", _("Unknown logistics status.")))
    if errors:
        raise ValidationFailed(errors=errors)
    status = LogisticsStatus.SIGNED if event.delivered else event.status or logistics_status_of(description)
    return TrackingEventData(
        at=at, description=description, location=location, delivered=status == LogisticsStatus.SIGNED, status=status
    )


def _clean(events: list[TrackingEventData], now: dt.datetime) -> list[TrackingEventData]:
    cleaned, errors = [], []
    for index, event in enumerate(events):
        try:
            cleaned.append(tracking_event_clean(event, now=now, prefix=f"events.{index}."))
        except ValidationFailed as exc:
            errors.extend(exc.errors)
    if errors:
        raise ValidationFailed(errors=errors)
    if not cleaned:
        raise ValidationFailed.for_field("events", _("Add at least one tracking event."))
    return cleaned


@dataclass
class _Added:
    """What one shipment's events changed: its new events, the order's anomalies if its stuck flag
    went, its status before, and whether they delivered the order."""

    shipment: Shipment
    events: list[TrackingEvent]
    signed: list[dt.datetime]
    anomalies_left: list[str] | None = None
    status_before: str = ""
    delivered: bool = False


def _write(batches: list[tuple[Shipment, list[TrackingEventData]]]) -> tuple[list[_Added], dict[int, Order]]:
    """Add the new events of each shipment and keep the statuses; what was added, and the locked orders.

    Locks the shipments' orders in primary-key order first (one feed at a time per order: no twin
    events from a race), so two batches never wait on each other in a cycle.
    """
    order_ids = sorted({shipment.order_id for shipment, _events in batches})
    orders: dict[int, Order] = {}
    for ids in chunked(order_ids):
        orders.update((o.pk, o) for o in Order.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
    shipment_ids = [shipment.pk for shipment, _events in batches]
    known: set[tuple[int, dt.datetime, str]] = set()
    for ids in chunked(shipment_ids):
        known.update(TrackingEvent.objects.filter(shipment_id__in=ids).values_list("shipment_id", "at", "description"))
    added: list[_Added] = []
    for shipment, events in batches:
        new: list[TrackingEvent] = []
        signed: list[dt.datetime] = []
        for event in sorted(events, key=lambda event: event.at):
            key = (shipment.pk, event.at, event.description)
            if key in known:
                continue
            known.add(key)
            new.append(
                TrackingEvent(
                    shipment=shipment,
                    at=event.at,
                    description=event.description,
                    location=event.location,
                    status=event.status,
                )
            )
            if event.status == LogisticsStatus.SIGNED:
                signed.append(event.at)
        if new:
            added.append(_Added(shipment, new, signed, status_before=shipment.logistics_status))
    if not added:
        return [], orders
    TrackingEvent.objects.bulk_create([event for item in added for event in item.events], batch_size=CHUNK)
    cleared: set[int] = set()
    for item in added:
        order = orders[item.shipment.order_id]
        if order.pk not in cleared and anomaly_clear_stuck(order):  # the parcel moves again
            cleared.add(order.pk)
            item.anomalies_left = order.anomalies
    _statuses_update([item.shipment for item in added], orders)
    return added, orders


def _statuses_update(shipments: list[Shipment], orders: dict[int, Order]) -> None:
    """Each shipment's status from its latest event with one; each order's from its shipments'."""
    latest: dict[int, str] = {}
    ids = [shipment.pk for shipment in shipments]
    for chunk in chunked(ids):
        events = TrackingEvent.objects.filter(shipment_id__in=chunk).exclude(status="").order_by("at", "pk")
        latest.update(events.values_list("shipment_id", "status"))  # the last (newest) one wins
    # Written whatever the instance says: it may have been read before the order's lock.
    by_status: defaultdict[str, list[int]] = defaultdict(list)
    for shipment in shipments:
        shipment.logistics_status = latest.get(shipment.pk, "")
        by_status[shipment.logistics_status].append(shipment.pk)
    _status_set(Shipment, by_status)
    parcels: defaultdict[int, list[str]] = defaultdict(list)
    for chunk in chunked(sorted({shipment.order_id for shipment in shipments})):
        for order_id, status in Shipment.objects.filter(order_id__in=chunk).values_list("order_id", "logistics_status"):
            parcels[order_id].append(status)
    rolled: defaultdict[str, list[int]] = defaultdict(list)
    for order_id, statuses in parcels.items():
        status = order_logistics_status(statuses)
        if status != orders[order_id].logistics_status:  # read under the lock
            orders[order_id].logistics_status = status
            rolled[status].append(order_id)
    _status_set(Order, rolled)


def _status_set(model: type[Shipment] | type[Order], pks_by_status: dict[str, list[int]]) -> None:
    for status, pks in pks_by_status.items():
        for chunk in chunked(pks):
            model.objects.filter(pk__in=chunk).update(logistics_status=status)


def _deliver(by: Actor, orders: dict[int, Order], item: _Added) -> None:
    """A signed event delivers a shipped order (or dates the parcel of an order delivered already)."""
    if not item.signed:
        return
    shipment, at = item.shipment, min(item.signed)
    order = orders[shipment.order_id]
    if order.status == OrderStatus.SHIPPED:
        orders[order.pk] = order_deliver(by=by, order=order, at=at)
        shipment.delivered_at = orders[order.pk].delivered_at
        item.delivered = True
    elif shipment.delivered_at is None:
        Shipment.objects.filter(pk=shipment.pk).update(delivered_at=at)
        shipment.delivered_at = at


@transaction.atomic
def shipment_tracking_add(*, by: Actor, shipment: Shipment, events: list[TrackingEventData]) -> list[TrackingEvent]:
    """Add the carrier's events to ``shipment`` (``by`` None is the carrier feed); the new ones.

    Known events are skipped. A new signed event moves a shipped order to delivered.
    """
    authorise(by, "orders.ship", shipment.order)
    cleaned = _clean(events, timezone.now())
    order = locked(shipment.order)  # the order's lock before the shipment's own status is read
    shipment = Shipment.objects.get(pk=shipment.pk)
    added, orders = _write([(shipment, cleaned)])
    if not added:
        return []
    item = added[0]
    after: dict[str, Any] = {"events": [{"at": event.at, "description": event.description} for event in item.events]}
    if item.anomalies_left is not None:
        after["anomalies"] = item.anomalies_left
    if shipment.logistics_status != item.status_before:
        after["logistics_status"] = shipment.logistics_status
    audit_record(actor=by, action="orders.shipment.tracking_add", obj=shipment, store_id=order.store_id, after=after)
    _deliver(by, orders, item)
    return item.events


@dataclass(frozen=True)
class ShipmentEvents:
    """Checked events (``tracking_event_clean``) for one shipment of a batch."""

    shipment: Shipment
    events: list[TrackingEventData]


@transaction.atomic
def shipment_tracking_batch_add(*, by: Actor, batches: list[ShipmentEvents]) -> dict[str, int]:
    """Add checked events to many shipments of ``by``'s stores at once; the counts.

    The rules of ``shipment_tracking_add`` (known events skipped, statuses kept, signed delivers)
    hold event by event. Writes no audit row of its own but those of the orders it delivers: the
    tracking import runs it inside its job's transaction and audits the file once with these counts.
    """
    require_perm(by, "orders.ship")
    order_ids = sorted({batch.shipment.order_id for batch in batches})
    for ids in chunked(order_ids):
        for store_id in Order.objects.filter(pk__in=ids).values_list("store_id", flat=True).order_by().distinct():
            require_store_access(by, store_id)
    now = timezone.now()
    # Checked when the file was read; checked again here, where the rules live.
    cleaned = [(batch.shipment, [tracking_event_clean(event, now=now) for event in batch.events]) for batch in batches]
    added, orders = _write(cleaned)
    for item in added:
        _deliver(by, orders, item)
    new = sum(len(item.events) for item in added)
    return {
        "events_added": new,
        "events_known": sum(len(batch.events) for batch in batches) - new,
        "shipments_updated": len(added),
        "orders_delivered": sum(1 for item in added if item.delivered),
    }
