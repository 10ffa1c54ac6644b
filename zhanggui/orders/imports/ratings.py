"""The store rating file (评价导出): one row per rating of one store, on the core import machinery.

Columns as the seller centres export them: 评价编号, 订单编号, 买家, 评分, 评价内容, 宝贝, 评价时间.
评分 is 1–5 stars, or Taobao's 好评/中评/差评 (5/3/1). 评价时间 without a zone is the store's local
time. Importing the same file again changes nothing.
"""

from __future__ import annotations

import datetime as dt
from operator import itemgetter
from typing import IO, Any

from django.db.models import QuerySet
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
from zhanggui.stores.models import Store
from zhanggui.stores.selectors import store_zone

from ..services.ratings import CleanRating, RatingData, rating_clean, store_rating_batch_upsert

# "review id" and "review time": English headers of files written before store ratings had their own name.
COLUMNS: tuple[ImportColumn, ...] = (
    ImportColumn(
        "platform_rating_id", "评价编号", ("评价ID", "rating id", "rating_id", "review id", "review_id"), required=True
    ),
    ImportColumn("platform_order_id", "订单编号", ("订单号", "order id", "order_id")),
    ImportColumn("buyer_nickname", "买家", ("买家昵称", "买家会员名", "buyer", "buyer_nickname")),
    ImportColumn("rating", "评分", ("评价等级", "星级", "rating"), required=True),
    ImportColumn("text", "评价内容", ("内容", "text", "comment")),
    ImportColumn("product_title", "宝贝", ("宝贝标题", "商品", "product", "product_title")),
    ImportColumn("rated_at", "评价时间", ("时间", "rated_at", "rating time", "review time"), required=True),
)

COLUMN_HELP: dict[str, Any] = {
    "platform_rating_id": gettext_lazy("The platform's rating number; an existing number is updated."),
    "platform_order_id": gettext_lazy("Order number; links the rating to the order once the order is imported."),
    "buyer_nickname": gettext_lazy("Buyer nickname."),
    "rating": gettext_lazy("1 to 5, or 好评 / 中评 / 差评 (5 / 3 / 1)."),
    "text": gettext_lazy("What the buyer wrote."),
    "product_title": gettext_lazy("Title of the product rated."),
    "rated_at": gettext_lazy("When the buyer rated, e.g. 2026-05-01 14:30, in the store's time zone."),
}

RATING_WORDS = {"好评": 5, "中评": 3, "差评": 1}
TIME_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y-%m-%d", "%Y/%m/%d")
_KEYS = tuple(column.key for column in COLUMNS)


def _rating(cell: str) -> int | None:
    cell = cell.strip().rstrip("星分")
    if cell in RATING_WORDS:
        return RATING_WORDS[cell]
    if cell.count("★") == len(cell) and cell:
        return len(cell)
    try:
        number = float(cell)
    except ValueError:
        return None
    return int(number) if number.is_integer() else None


def _local_time(cell: str) -> dt.datetime | None:
    """A naive time as written in the file (ISO with a zone is kept as given)."""
    cell = cell.strip()
    for pattern in TIME_FORMATS:
        try:
            return dt.datetime.strptime(cell, pattern)
        except ValueError:
            continue
    try:
        return dt.datetime.fromisoformat(cell)
    except ValueError:
        return None


class RatingRowValidator:
    """Checks each row with the rating service's own checks; a rating number may appear once."""

    def __init__(self, *, header: HeaderMap, report: ErrorReport, zone: dt.tzinfo) -> None:
        self.report = report
        self.zone = zone
        self.cells = itemgetter(*(header.index[key] for key in _KEYS))
        self.seen: dict[str, int] = {}
        self.ratings: list[CleanRating] = []

    def row(self, number: int, cells: list[str]) -> None:
        rating_id, order_id, buyer, rating_cell, body, product, time_cell = self.cells(cells)
        written = _local_time(time_cell)
        data = RatingData(
            platform_rating_id=rating_id,
            platform_order_id=order_id,
            buyer_nickname=buyer,
            rating=_rating(rating_cell) or 0,
            text=body,
            product_title=product,
            rated_at=written if written is None or written.tzinfo else written.replace(tzinfo=self.zone),
        )
        first = self.seen.setdefault(rating_id, number) if rating_id else number
        try:
            rating = rating_clean(data)
        except ValidationFailed as exc:
            errors = {error.field: error.message for error in exc.errors}
            # The file's own wording for the two cells read here.
            if "rating" in errors and rating_cell:
                errors["rating"] = _("Enter a rating from 1 to 5, or 好评, 中评 or 差评.")
            if "rated_at" in errors and time_cell and written is None:
                errors["rated_at"] = _("Enter a date and time such as 2026-05-01 14:30.")
        else:
            errors = {}
        if first != number:
            errors["platform_rating_id"] = _("This rating number is already on row %(row)s.") % {"row": first}
        for field, message in errors.items():
            self.report.add(number, field, message)
        if errors:
            return
        self.ratings.append(rating)

    def finish(self) -> list[CleanRating]:
        return self.ratings


class RatingImporter(Importer):
    """Store ratings from one row per rating (评价编号) of the job's store."""

    kind = "orders.ratings"
    permission = "ratings.import"
    audit_action = "orders.rating.import"
    columns = COLUMNS

    def validator(
        self, *, by: Actor, header: HeaderMap, report: ErrorReport, job: ImportJob | None
    ) -> RatingRowValidator:
        return RatingRowValidator(header=header, report=report, zone=store_zone(job.store if job else None))

    def apply(self, *, by: Actor, job: ImportJob, data: list[CleanRating]) -> dict[str, Any]:
        store = job.store
        if store is None:  # rating files are always uploaded for a store
            raise ValidationFailed.for_field("store_id", _("Choose the store the ratings belong to."))
        return store_rating_batch_upsert(by=by, store=store, ratings=data)


RATING_IMPORT = RatingImporter()


def rating_import_preview(*, by: Actor, store: Store, upload: IO[bytes], name: str) -> ImportJob:
    """Keep an uploaded rating file of ``store`` as a job checked in the background; nothing else is written."""
    return import_job_create(by=by, importer=RATING_IMPORT, stream=upload, name=name, store=store)


def rating_import_get(*, user: Actor, job_id: int) -> ImportJob:
    return import_job_get(user=user, job_id=job_id, kind=RATING_IMPORT.kind)


def rating_import_list(*, user: Actor) -> QuerySet[ImportJob]:
    return import_job_list(user=user, kind=RATING_IMPORT.kind).select_related("store")


def rating_import_confirm(*, by: Actor, job_id: int, skip_invalid: bool = False) -> ImportJob:
    """Start the import of a previewed rating file; confirming twice imports once.

    ``skip_invalid``: import the valid ratings of a file with errors, leaving out the invalid rows.
    """
    job = rating_import_get(user=by, job_id=job_id)
    return import_job_confirm(by=by, job=job, importer=RATING_IMPORT, skip_invalid=skip_invalid)


def rating_import_retry(*, by: Actor, job_id: int) -> ImportJob:
    """Start a failed or interrupted check or import again."""
    return import_job_retry(by=by, job=rating_import_get(user=by, job_id=job_id), importer=RATING_IMPORT)


def rating_import_template() -> ExportFile:
    return import_template_file(RATING_IMPORT, filename="rating-import-template")
