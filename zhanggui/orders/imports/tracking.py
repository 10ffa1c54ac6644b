"""The carrier's tracking file (物流轨迹导出): one row per tracking event, on the core import machinery.

Columns as 顺丰, 中通, 圆通, 韵达 and 京东物流 exports write them (docs/logistics-tracking.md): 运单号,
时间, 物流状态, 描述, 地点, each under the other headers carriers use. A row needs 物流状态 or 描述;
the status is read from 物流状态 when it says one, else from 描述 (``states.logistics_status_of``).
Times without a zone are Beijing time, as for the API. Every event goes through the tracking
service's rules; importing the same file again changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from operator import itemgetter
from typing import IO, Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhanggui.core.actors import Actor
from zhanggui.core.exceptions import ValidationFailed
from zhanggui.core.exports import ExportFile
from zhanggui.core.imports import (
    ErrorReport,
    HeaderMap,
    ImportColumn,
    Importer,
    import_job_confirm,
    import_job_create,
    import_job_get,
    import_job_list,
    import_job_retry,
    import_template_file,
)
from zhanggui.core.models import ImportJob
from zhanggui.stores.selectors import store_zone

from ..selectors.tracking import shipments_by_tracking_no
from ..services.tracking import ShipmentEvents, TrackingEventData, shipment_tracking_batch_add, tracking_event_clean
from ..states import logistics_status_of
from . import cells

COLUMNS: tuple[ImportColumn, ...] = (
    ImportColumn(
        "tracking_no",
        "运单号",
        ("快递单号", "物流单号", "运单编号", "邮件号", "单号", "tracking number", "tracking_no", "waybill"),
        required=True,
    ),
    ImportColumn(
        "at",
        "时间",
        ("扫描时间", "操作时间", "发生时间", "轨迹时间", "物流时间", "更新时间", "time", "at"),
        required=True,
    ),
    ImportColumn("status", "物流状态", ("状态", "扫描类型", "操作类型", "快件状态", "status")),
    ImportColumn(
        "description",
        "描述",
        ("物流信息", "轨迹描述", "物流详情", "物流描述", "跟踪信息", "轨迹", "内容", "详情", "description"),
    ),
    ImportColumn(
        "location", "地点", ("网点", "扫描网点", "操作网点", "所在城市", "当前城市", "城市", "位置", "location")
    ),
)

COLUMN_HELP: dict[str, Any] = {
    "tracking_no": gettext_lazy("Tracking number of a parcel shipped from one of your stores."),
    "at": gettext_lazy("When it happened, e.g. 2026-05-01 14:30:00, Beijing time."),
    "status": gettext_lazy("揽收, 运输中, 派送中, 已签收 or 异常, or the carrier's own word (签收, 派件, 问题件…)."),
    "description": gettext_lazy("The carrier's text; the status is read from it when 物流状态 says none."),
    "location": gettext_lazy("Where it happened (city or outlet)."),
}

_KEYS = tuple(column.key for column in COLUMNS)


@dataclass(frozen=True)
class _Row:
    number: int
    tracking_no: str
    event: TrackingEventData
    text_column: str  # the column the event's text came from: description, else status


class TrackingRowValidator:
    """Reads each row; ``finish`` finds the shipments (one query per 500 numbers) and checks each
    event with the tracking service's own checks."""

    def __init__(self, *, by: Actor, header: HeaderMap, report: ErrorReport) -> None:
        self.by = by
        self.report = report
        self.cells = itemgetter(*(header.index[key] for key in _KEYS))
        self.rows: list[_Row] = []
        self.zone = store_zone(None)  # carriers write Beijing time, as the API reads it
        self.has_text = "status" in header.headers or "description" in header.headers
        if not self.has_text:
            report.add(1, "description", _("The file needs a 描述 or a 物流状态 column."))

    def row(self, number: int, cells_: list[str]) -> None:
        number_cell, time_cell, status_cell, description, location = self.cells(cells_)
        errors = 0
        tracking_no = "".join(cells.tracking_number(number_cell).split()).upper()
        if not tracking_no:
            self.report.add(number, "tracking_no", _("Enter the tracking number."))
            errors += 1
        at = cells.moment(time_cell, self.zone)
        if isinstance(at, str):
            self.report.add(number, "at", at if time_cell else _("Enter the time."))
            errors += 1
        text, text_column = (description, "description") if description else (status_cell, "status")
        if not text and self.has_text:
            self.report.add(number, "description", _("Enter the carrier's description or status."))
            errors += 1
        if errors or not text:
            return
        status = logistics_status_of(status_cell) if status_cell else ""
        event = TrackingEventData(at=at, description=text, location=location, status=status)  # type: ignore[arg-type]
        self.rows.append(_Row(number, tracking_no, event, text_column))

    def finish(self) -> list[ShipmentEvents]:
        shipments = shipments_by_tracking_no(user=self.by, numbers=(row.tracking_no for row in self.rows))
        now = timezone.now()
        events: dict[int, ShipmentEvents] = {}
        for row in self.rows:
            found = shipments.get(row.tracking_no, [])
            if len(found) != 1:
                message = (
                    _("No shipment of your stores has this tracking number.")
                    if not found
                    else _("Several shipments of your stores have this tracking number.")
                )
                self.report.add(row.number, "tracking_no", message)
                continue
            try:
                event = tracking_event_clean(row.event, now=now)
            except ValidationFailed as exc:
                for error in exc.errors:
                    column = row.text_column if error.field == "description" else error.field
                    self.report.add(row.number, column, error.message)
                continue
            shipment = found[0]
            events.setdefault(shipment.pk, ShipmentEvents(shipment, [])).events.append(event)
        return list(events.values())


class TrackingImporter(Importer):
    """Tracking events of the shipments of the uploader's stores, from a carrier's export."""

    kind = "orders.tracking"
    permission = "orders.ship"
    audit_action = "orders.shipment.tracking_import"
    columns = COLUMNS

    def validator(
        self, *, by: Actor, header: HeaderMap, report: ErrorReport, job: ImportJob | None
    ) -> TrackingRowValidator:
        return TrackingRowValidator(by=by, header=header, report=report)

    def apply(self, *, by: Actor, job: ImportJob, data: list[ShipmentEvents]) -> dict[str, Any]:
        return shipment_tracking_batch_add(by=by, batches=data)


TRACKING_IMPORT = TrackingImporter()


def tracking_import_preview(*, by: Actor, upload: IO[bytes], name: str) -> ImportJob:
    """Keep an uploaded tracking file as a job checked in the background; nothing else is written."""
    return import_job_create(by=by, importer=TRACKING_IMPORT, stream=upload, name=name)


def tracking_import_get(*, user: Actor, job_id: int) -> ImportJob:
    return import_job_get(user=user, job_id=job_id, kind=TRACKING_IMPORT.kind)


def tracking_import_list(*, user: Actor) -> QuerySet[ImportJob]:
    return import_job_list(user=user, kind=TRACKING_IMPORT.kind)


def tracking_import_confirm(*, by: Actor, job_id: int, skip_invalid: bool = False) -> ImportJob:
    """Start the import of a previewed tracking file; confirming twice imports once.

    ``skip_invalid``: import the valid events of a file with errors (a carrier's export often holds
    waybills of no shipment here), leaving out the invalid rows.
    """
    job = tracking_import_get(user=by, job_id=job_id)
    return import_job_confirm(by=by, job=job, importer=TRACKING_IMPORT, skip_invalid=skip_invalid)


def tracking_import_retry(*, by: Actor, job_id: int) -> ImportJob:
    """Start a failed or interrupted check or import again."""
    return import_job_retry(by=by, job=tracking_import_get(user=by, job_id=job_id), importer=TRACKING_IMPORT)


def tracking_import_template() -> ExportFile:
    return import_template_file(TRACKING_IMPORT, filename="tracking-import-template")
