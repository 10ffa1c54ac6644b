"""A generic file's column mapping (which header holds each of our fields), checked the same way for
every context that reads generic files."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from zhanggui.core.exceptions import FieldError, ValidationFailed

HEADER_MAX = 100  # characters of a mapped header


def column_mapping_checked(columns: Mapping[str, str], fields: Mapping[str, tuple[Any, bool]]) -> dict[str, str]:
    """``columns`` (our field → the file's header) cleaned against ``fields`` (field → (label,
    required)): unknown fields, long headers, a header mapped twice and missing required fields are
    all reported at once, each under ``columns.<field>``."""
    cleaned: dict[str, str] = {}
    errors: list[FieldError] = []
    used: dict[str, str] = {}
    for key, header in columns.items():
        header = (header or "").strip()
        if key not in fields:
            errors.append(FieldError(f"columns.{key}", _("Unknown field.")))
        elif len(header) > HEADER_MAX:
            errors.append(FieldError(f"columns.{key}", _("Use at most %(count)d characters.") % {"count": HEADER_MAX}))
        elif header and header.lower() in used:
            label = fields[used[header.lower()]][0]
            errors.append(
                FieldError(f"columns.{key}", _("This column is already mapped to %(field)s.") % {"field": label})
            )
        elif header:
            used[header.lower()] = key
            cleaned[key] = header
    for key, (_label, required) in fields.items():
        if required and key not in cleaned and not any(e.field == f"columns.{key}" for e in errors):
            errors.append(FieldError(f"columns.{key}", _("Choose the column of your file that holds this field.")))
    if errors:
        raise ValidationFailed(_("The column mapping is not complete."), errors=errors)
    return cleaned
