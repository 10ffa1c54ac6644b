"""Reading the cells every platform export shares: ``="…"`` numbers kept as text, amounts, units and
times. Each reader answers the value or the (translated) error message for the row's report."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from django.utils.translation import gettext as _

from zhanggui.core.exceptions import ValidationFailed
from zhanggui.core.inputs import money

_MARKS = "='\"\t "  # what an export may put before a number kept as text
_MONEY_NOISE = str.maketrans("", "", ",¥￥ ")
_EPOCH_MS = re.compile(r"^\d{13}$")  # JD's API writes times as epoch milliseconds


def plain(text: str) -> str:
    """A cell without the spreadsheet tricks exports use to keep long numbers as text.

    Taobao writes ``="3312345678901234"`` (a formula giving the text) and some tools a leading
    apostrophe or tab.
    """
    if not text or text[0] not in _MARKS:
        return text
    if text[:2] == '="' and text[-1:] == '"':
        text = text[2:-1]
    elif text[:1] in ("'", "="):
        text = text[1:]
    return text.strip().strip('"').strip()


def amount(text: str) -> Decimal | str:
    """An amount (``¥1,299.00`` reads as 1299.00), or the error message."""
    try:
        return money(plain(text).translate(_MONEY_NOISE), "amount")
    except ValidationFailed as exc:
        return exc.message


def quantity(text: str) -> int | str:
    """A number of units, one or more, or the error message."""
    cleaned = plain(text)
    if cleaned.isdigit() and 0 < int(cleaned) <= 1_000_000:
        return int(cleaned)
    if cleaned.endswith(".0") and cleaned[:-2].isdigit() and int(cleaned[:-2]) > 0:  # Excel's 2.0
        return int(cleaned[:-2])
    return _("Enter a whole number of one or more.")


def moment(text: str, zone: dt.tzinfo) -> dt.datetime | str:
    """A time as exports write it (2026-11-20 10:15:30, 2026/11/20 10:15, 2026-11-20, epoch
    milliseconds) in the store's zone (the seller centre's), or the error."""
    cleaned = plain(text).replace("/", "-").replace("T", " ")
    if _EPOCH_MS.match(cleaned):
        return dt.datetime.fromtimestamp(int(cleaned) / 1000, tz=dt.UTC)
    try:
        parsed = dt.datetime.fromisoformat(cleaned)
    except ValueError:
        return _("Enter a time such as 2026-11-20 10:15:30.")
    if parsed.tzinfo is None:
        parsed = dt.datetime.combine(parsed, parsed.time(), zone)  # replace(tzinfo=zone), at a third of the cost
    return parsed
