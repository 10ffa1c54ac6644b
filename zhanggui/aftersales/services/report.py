"""Exporting the after-sales report of a period as XLSX (or CSV), the one export of the console and the API."""

from __future__ import annotations

from django.utils.translation import gettext as _

from zhanggui.core.actors import Actor
from zhanggui.core.exports import ExportColumn, ExportFile, export_file
from zhanggui.core.permissions import require_perm

from ..selectors.periods import Period
from ..selectors.report import aftersales_report, report_rows

EXPORT_FORMATS = ("xlsx", "csv")


def _columns() -> list[ExportColumn]:
    return [
        ExportColumn(_("Section"), lambda row: row["section"]),
        ExportColumn(_("Item"), lambda row: row["item"]),
        ExportColumn(_("Cases"), lambda row: row.get("cases")),
        ExportColumn(_("Amount"), lambda row: row.get("amount")),
        ExportColumn(_("Average hours"), lambda row: row.get("hours")),
    ]


def aftersales_report_export(
    *, by: Actor, period: Period, store_id: int | None = None, file_format: str = "xlsx"
) -> ExportFile:
    """The report of ``period`` as an attachment; one audit row with the row count."""
    require_perm(by, "aftersales.report")
    rows = report_rows(aftersales_report(user=by, period=period, store_id=store_id))
    return export_file(
        columns=_columns(),
        objects=rows,
        user=by,
        file_format=file_format if file_format in EXPORT_FORMATS else EXPORT_FORMATS[0],
        filename=f"aftersales-report-{period.start:%Y%m%d}-{period.end:%Y%m%d}",
        action="aftersales.report.export",
        description=_("After-sales report"),
    )
