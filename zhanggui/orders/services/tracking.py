"""Carrier tracking news of a shipment (物流轨迹): added as the carrier reports it, safely re-sent.

Carriers re-send their whole history with every update, so an event already known (same
shipment, time and description) is skipped; a call that adds nothing writes nothing. An event
the carrier marks as delivered (签收) moves a shipped order to delivered.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhanggui.core.actors import Actor
from zhanggui.core.audit import audit_record
from zhanggui.core.exceptions import FieldError, ServiceError, ValidationFailed
from zhanggui.core.inputs import text

from ..models import Shipment, TrackingEvent
from ..states import OrderStatus
from .anomalies import anomaly_clear_stuck
from .lifecycle import order_deliver
from .transitions import authorise, locked


@dataclass(frozen=True)
class TrackingEventData:
    """One event as the carrier reports it; ``delivered`` marks the signature (签收) event.

    A time without a time zone is read in the server's zone (carriers report Beijing time).
    """

    at: dt.datetime
    description: str
    location: str = ""
    delivered: bool = False


def _clean(events: list[TrackingEventData], now: dt.datetime) -> list[TrackingEventData]:
    cleaned, errors = [], []
    for index, event in enumerate(events):
        at = timezone.make_aware(event.at) if timezone.is_naive(event.at) else event.at
        try:
            description = text(event.description, f"events.{index}.description", max_length=200)
            location = text(event.location, f"events.{index}.location", required=False, max_length=80)
        except ServiceError as exc:
            errors.extend(exc.errors)
            continue
        if at > now:
            errors.append(FieldError(f"events.{index}.at", _("A tracking event cannot lie in the future.")))
            continue
        cleaned.append(TrackingEventData(at=at, description=description, location=location, delivered=event.delivered))
    if errors:
        raise ValidationFailed(errors=errors)
    if not cleaned:
        raise ValidationFailed.for_field("events", _("Add at least one tracking event."))
    return cleaned


@transaction.atomic
def shipment_tracking_add(*, by: Actor, shipment: Shipment, events: list[TrackingEventData]) -> list[TrackingEvent]:
    """Add the carrier's events to ``shipment`` (``by`` None is the carrier feed); the new ones.

    Known events are skipped. A new delivered event moves a shipped order to delivered.
    """
    authorise(by, "orders.ship", shipment.order)
    cleaned = _clean(events, timezone.now())
    order = locked(shipment.order)  # one feed at a time per order: no twin events from a race
    known = set(TrackingEvent.objects.filter(shipment=shipment).values_list("at", "description"))
    new: list[TrackingEvent] = []
    for event in sorted(cleaned, key=lambda event: event.at):
        if (event.at, event.description) in known:
            continue
        known.add((event.at, event.description))
        new.append(
            TrackingEvent(shipment=shipment, at=event.at, description=event.description, location=event.location)
        )
    if not new:
        return []
    TrackingEvent.objects.bulk_create(new)
    after: dict[str, Any] = {"events": [{"at": event.at, "description": event.description} for event in new]}
    if anomaly_clear_stuck(order):  # the parcel moves again
        after["anomalies"] = order.anomalies
    audit_record(actor=by, action="orders.shipment.tracking_add", obj=shipment, store_id=order.store_id, after=after)
    added = {(event.at, event.description) for event in new}
    signed = [event.at for event in cleaned if event.delivered and (event.at, event.description) in added]
    if signed:
        if order.status == OrderStatus.SHIPPED:
            order_deliver(by=by, order=order, at=min(signed))
        elif shipment.delivered_at is None:
            Shipment.objects.filter(pk=shipment.pk).update(delivered_at=min(signed))
            shipment.delivered_at = min(signed)
    return new
