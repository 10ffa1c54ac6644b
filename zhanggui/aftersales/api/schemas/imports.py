"""Schemas of the after-sales imports API (no ``from __future__``: ninja reads the annotations)."""

from typing import Any

from ninja import Field, Schema

from zhanggui.core.api_routes import ImportErrorOut, ImportJobOut


class CaseImportErrorOut(ImportErrorOut):
    file: str = Field("", description="The uploaded file the row is in")


class CaseImportJobOut(ImportJobOut):
    store_id: int | None
    errors: list[CaseImportErrorOut]  # type: ignore[assignment]

    @staticmethod
    def resolve_errors(job: Any) -> list[dict[str, Any]]:
        # One file per after-sales import: every error names it, with its row and column.
        return [{**error, "file": error.get("file") or job.original_name} for error in job.errors]


class MappingField(Schema):
    key: str
    label: str
    required: bool
    header: str = Field(description="The header mapped to it by the store's last generic import, empty when none")


class MappingOut(Schema):
    store_id: int
    saved: bool
    fields: list[MappingField]
