"""Shipping an order: the parcel's carrier and tracking number; the reserved units leave stock."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhanggui.core.actors import Actor
from zhanggui.core.audit import audit_record
from zhanggui.core.exceptions import ValidationFailed
from zhanggui.core.inputs import text

from ..constants import carrier_label, tracking_number_valid
from ..models import Order, Shipment
from ..states import OrderStatus
from .stock import deduct_lines
from .transitions import authorise, lines_of, locked, move, status_audit


def shipment_fields(carrier: str, tracking_no: str) -> tuple[str, str]:
    """Clean and check a carrier code and tracking number (upper case, no spaces)."""
    carrier = text(carrier, "carrier", max_length=20).upper()
    tracking_no = "".join(text(tracking_no, "tracking_no", max_length=40).split()).upper()
    if not tracking_number_valid(carrier, tracking_no):
        raise ValidationFailed.for_field(
            "tracking_no",
            _("%(number)s is not a %(carrier)s tracking number.")
            % {"number": tracking_no, "carrier": carrier_label(carrier)},
        )
    return carrier, tracking_no


@transaction.atomic
def order_ship(*, by: Actor, order: Order, carrier: str, tracking_no: str) -> Shipment:
    """Hand the parcel to the carrier: record the shipment and deduct the reserved units."""
    authorise(by, "orders.ship", order)
    carrier, tracking_no = shipment_fields(carrier, tracking_no)
    order = locked(order)
    before_status = order.status
    path: list[str] = []
    now = timezone.now()
    move(order, OrderStatus.SHIPPED, path, at=now)
    deduct_lines(order, lines_of(order), by=by)
    shipment = Shipment.objects.create(order=order, carrier=carrier, tracking_no=tracking_no, shipped_at=now)
    order.updated_at = now
    order.save(update_fields=["status", "shipped_at", "updated_at"])
    before, after = status_audit(before_status, path)
    after.update(carrier=carrier, tracking_no=tracking_no)
    audit_record(actor=by, action="orders.order.ship", obj=order, before=before, after=after)
    return shipment
