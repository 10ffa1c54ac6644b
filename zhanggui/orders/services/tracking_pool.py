"""The pool of tracking numbers the carriers allocated (电子面单号池), and printing labels that ship (打印并发货).

Numbers come in per carrier, typed or as a file of one number per row; adding a number the pool
already holds adds nothing, so a file can be imported again safely. Print and ship takes the
next unused numbers of the chosen carrier under row locks that skip numbers another clerk's
batch holds (``select_for_update(skip_locked=True)``), so two batches never share a number,
ships each order through ``order_batch_ship`` and prints the shipped orders' labels, all in one
transaction: too few numbers, or a refused label print, and nothing changes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import IO

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhanggui.core.actors import Actor
from zhanggui.core.audit import audit_record
from zhanggui.core.batch import BatchResult, error_text
from zhanggui.core.exceptions import FieldError, ServiceError, ValidationFailed
from zhanggui.core.imports.reading import read_rows, upload_error
from zhanggui.core.permissions import require_perm, scope_to_stores
from zhanggui.core.uploads import check_upload

from ..constants import CARRIERS, carrier_label
from ..models import Order, TrackingNumber
from ..selectors.paperwork import order_ids_clean, tracking_pool_unused
from ..states import OrderStatus, transition_check
from .batch import ShipItem, order_batch_ship
from .paperwork import order_labels_print
from .shipping import shipment_fields

MAX_NUMBERS = 20000  # one upload; carriers allocate numbers in blocks of a few thousand
ERRORS_SHOWN = 20
# A first row naming the column is a header, not a number.
HEADERS = {"物流单号", "快递单号", "运单号", "面单号", "单号", "trackingnumber", "tracking_no", "trackingno"}


@dataclass(frozen=True)
class PoolAddResult:
    """What an upload or typed list added to one carrier's pool."""

    carrier: str
    added: int
    existing: int


def pool_carrier(carrier: str) -> str:
    """A known carrier's code (pool numbers are checked against the carrier's number format)."""
    code = (carrier or "").strip().upper()
    if code not in CARRIERS:
        raise ValidationFailed.for_field("carrier", _("Choose a carrier."))
    return code


@transaction.atomic
def tracking_pool_add(
    *, by: Actor, carrier: str, numbers: Iterable[str], field_name: str = "numbers", first_row: int = 1
) -> PoolAddResult:
    """Add tracking numbers a carrier allocated to its pool; numbers already there are counted, not added.

    Every number must be in the carrier's format; one that is not refuses the whole list, naming
    its row (counted from ``first_row``), and nothing is added. One audit row with the counts.
    """
    require_perm(by, "orders.ship")
    carrier = pool_carrier(carrier)
    clean: dict[str, int] = {}
    errors: list[FieldError] = []
    for row, number in enumerate(numbers, start=first_row):
        if not number.strip():
            continue
        try:
            _carrier, tracking_no = shipment_fields(carrier, number)
        except ServiceError as exc:
            errors.append(
                FieldError(field_name, _("Row %(row)d: %(message)s") % {"row": row, "message": error_text(exc)})
            )
            continue
        clean.setdefault(tracking_no, row)
    if errors:
        shown = errors[:ERRORS_SHOWN]
        if len(errors) > ERRORS_SHOWN:
            more = _("…and %(count)d more rows with errors.") % {"count": len(errors) - ERRORS_SHOWN}
            shown.append(FieldError(field_name, more))
        raise ValidationFailed(_("Nothing was added: fix these numbers and try again."), errors=shown)
    if not clean:
        raise ValidationFailed.for_field(field_name, _("Enter at least one tracking number."))
    if len(clean) > MAX_NUMBERS:
        raise ValidationFailed.for_field(
            field_name, _("Add at most %(count)d numbers at a time.") % {"count": MAX_NUMBERS}
        )
    existing = set(
        TrackingNumber.objects.filter(carrier=carrier, tracking_no__in=list(clean)).values_list(
            "tracking_no", flat=True
        )
    )
    now = timezone.now()
    TrackingNumber.objects.bulk_create(
        [
            TrackingNumber(carrier=carrier, tracking_no=number, added_by_id=by.pk, added_at=now)
            for number in clean
            if number not in existing
        ],
        ignore_conflicts=True,  # another upload of the same numbers at the same moment
        batch_size=1000,
    )
    result = PoolAddResult(carrier=carrier, added=len(clean) - len(existing), existing=len(existing))
    audit_record(
        actor=by,
        action="orders.tracking_pool.add",
        after={"carrier": carrier, "added": result.added, "existing": result.existing},
        object_repr=carrier_label(carrier),
    )
    return result


def tracking_pool_import(*, by: Actor, carrier: str, stream: IO[bytes]) -> PoolAddResult:
    """Add the numbers of an uploaded file (XLSX or CSV, one number per row in the first column;
    a header row is optional) to ``carrier``'s pool; a bad row refuses the file on ``file``."""
    require_perm(by, "orders.ship")
    carrier = pool_carrier(carrier)
    upload = check_upload(stream)
    reader = read_rows(stream, upload)
    numbers: list[str] = []
    first_row = 0
    try:
        for number, cells in reader:
            cell = cells[0].replace("\x00", "").strip() if cells else ""
            if not numbers and not first_row and "".join(cell.split()).lower() in HEADERS:
                continue
            first_row = first_row or number
            if len(numbers) >= MAX_NUMBERS:
                raise upload_error(_("The file has more than %(count)s rows; split it.") % {"count": MAX_NUMBERS})
            numbers.append(cell)
    finally:
        reader.close()
    if not numbers:
        raise upload_error(_("The file has no tracking numbers."))
    return tracking_pool_add(by=by, carrier=carrier, numbers=numbers, field_name="file", first_row=first_row)


@dataclass
class PrintShipResult:
    """What print and ship did: the orders shipped (with their numbers), the failures per order, the labels."""

    batch: BatchResult
    tracking_numbers: dict[int, str] = field(default_factory=dict)
    labels: bytes | None = None


@transaction.atomic
def order_batch_print_ship(*, by: Actor, carrier: str, order_ids: Iterable[int | str]) -> PrintShipResult:
    """Give each chosen order awaiting shipment the next unused number of ``carrier``'s pool, ship
    it and print the labels of the orders that shipped.

    An order that cannot ship (another status, out of stock, another store's) is reported per
    order as in ``order_batch_ship`` and uses no number. Locking: the pool rows taken are locked
    until the transaction ends and rows another batch holds are skipped, so concurrent batches
    take distinct numbers; each order is then locked by ``order_ship``.
    """
    require_perm(by, "orders.ship")
    require_perm(by, "pii.reveal")  # the labels print the receiver in full
    carrier = pool_carrier(carrier)
    ids = order_ids_clean(order_ids)
    visible = {order.pk: order for order in scope_to_stores(Order.objects.filter(pk__in=ids), by)}
    result = BatchResult()
    shippable: list[int] = []
    for order_id in ids:
        order = visible.get(order_id)
        if order is None:
            result.errors[order_id] = _("No such order.")
            continue
        try:
            transition_check(order, OrderStatus.SHIPPED)
        except ServiceError as exc:
            result.errors[order_id] = error_text(exc)
        else:
            shippable.append(order_id)
    if not shippable:
        return PrintShipResult(batch=result)
    numbers = list(tracking_pool_unused(carrier).select_for_update(skip_locked=True)[: len(shippable)])
    if len(numbers) < len(shippable):
        raise ValidationFailed.for_field(
            "carrier",
            _("Only %(left)d unused %(carrier)s tracking number(s) left for %(count)d order(s); import more.")
            % {"left": len(numbers), "carrier": carrier_label(carrier), "count": len(shippable)},
        )
    assigned = dict(zip(shippable, numbers, strict=True))
    shipped = order_batch_ship(
        by=by,
        items=[
            ShipItem(order_id=order_id, carrier=carrier, tracking_no=number.tracking_no)
            for order_id, number in assigned.items()
        ],
    )
    result.errors.update(shipped.errors)
    result.done = [order_id for order_id in ids if order_id in set(shipped.done)]
    now = timezone.now()
    for order_id in result.done:
        assigned[order_id].order_id, assigned[order_id].used_at = order_id, now
    TrackingNumber.objects.bulk_update([assigned[order_id] for order_id in result.done], ["order", "used_at"])
    tracking = {order_id: assigned[order_id].tracking_no for order_id in result.done}
    labels = order_labels_print(by=by, order_ids=result.done) if result.done else None
    return PrintShipResult(batch=result, tracking_numbers=tracking, labels=labels)
