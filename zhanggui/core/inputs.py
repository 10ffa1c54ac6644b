"""Input checks every service shares; each failure is a ValidationFailed naming its field."""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from zhanggui.core.exceptions import FieldError, ValidationFailed

CENT = Decimal("0.01")
MAX_AMOUNT = Decimal("9999999999.99")  # what DecimalField(max_digits=12, decimal_places=2) holds


def money(value: Any, field: str, *, signed: bool = False) -> Decimal:
    """An amount with at most two decimal places; zero or more unless ``signed``."""
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError) as exc:
        raise ValidationFailed.for_field(field, _("Enter an amount.")) from exc
    if not amount.is_finite():
        raise ValidationFailed.for_field(field, _("Enter an amount."))
    if amount < 0 and not signed:
        raise ValidationFailed.for_field(field, _("Enter an amount of zero or more."))
    if amount != amount.quantize(CENT):
        raise ValidationFailed.for_field(field, _("Use at most two decimal places."))
    if abs(amount) > MAX_AMOUNT:
        raise ValidationFailed.for_field(field, _("This amount is too large."))
    return amount.quantize(CENT)


def round_money(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def text(value: str | None, field: str, *, required: bool = True, max_length: int | None = None) -> str:
    cleaned = (value or "").strip()
    if required and not cleaned:
        raise ValidationFailed.for_field(field, _("This field is required."))
    if max_length is not None and len(cleaned) > max_length:
        raise ValidationFailed.for_field(field, _("Use at most %(count)d characters.") % {"count": max_length})
    return cleaned


def reason_text(reason: str | None) -> str:
    """Changes that must say why (prices, stock, order edits); the reason goes into the audit log."""
    return text(reason, "reason", max_length=500)


def count(value: Any, field: str, *, positive: bool = False) -> int:
    """A whole number of units, zero or more (or one or more when ``positive``)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationFailed.for_field(field, _("Enter a whole number."))
    if value < (1 if positive else 0):
        message = _("Enter a number of one or more.") if positive else _("Enter a number of zero or more.")
        raise ValidationFailed.for_field(field, message)
    if value > 2_000_000_000:
        raise ValidationFailed.for_field(field, _("This number is too large."))
    return value


Check = Callable[[Any, str], Any]


def whole_number(maximum: int, *, minimum: int = 1) -> Check:
    """A check of a whole number from ``minimum`` to ``maximum`` (a setting's sensible range)."""

    def check(value: Any, field: str) -> int:
        number = count(value, field)
        if not minimum <= number <= maximum:
            message = _("Enter a number from %(minimum)d to %(maximum)d.")
            raise ValidationFailed.for_field(field, message % {"minimum": minimum, "maximum": maximum})
        return number

    return check


def fields_checked(fields: dict[str, Any], checks: dict[str, Check]) -> dict[str, Any]:
    """``fields`` each through its check; every bad or unknown field is reported at once."""
    errors: list[FieldError] = []
    cleaned: dict[str, Any] = {}
    for name, value in fields.items():
        if name not in checks:
            errors.append(FieldError(name, _("Unknown setting.")))
            continue
        try:
            cleaned[name] = checks[name](value, name)
        except ValidationFailed as exc:
            errors.extend(exc.errors)
    if errors:
        raise ValidationFailed(errors=errors)
    return cleaned
