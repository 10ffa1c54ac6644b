"""Reading the cells of the platforms' after-sales exports: ``="…"`` numbers, amounts, times, carriers."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from django.utils.translation import gettext as _

from zhanggui.core.exceptions import ValidationFailed
from zhanggui.core.inputs import money
from zhanggui.orders.constants import carrier_by_name

_MARKS = "='\"\t "
_MONEY_NOISE = str.maketrans("", "", ",¥￥ ")
_EPOCH_MS = re.compile(r"^\d{13}$")  # JD's API writes times as epoch milliseconds


def plain(text: str) -> str:
    """A cell without the spreadsheet tricks exports use to keep long numbers as text (``="…"``, ``'``)."""
    text = text.strip()
    if not text or text[0] not in _MARKS:
        return text
    if text[:2] == '="' and text[-1:] == '"':
        text = text[2:-1]
    elif text[:1] in ("'", "="):
        text = text[1:]
    return text.strip().strip('"').strip()


def amount(text: str) -> Decimal | str:
    """An amount in yuan (``¥1,299.00`` reads as 1299.00), or the error message."""
    try:
        return money(plain(text).translate(_MONEY_NOISE), "amount")
    except ValidationFailed as exc:
        return exc.message


def quantity(text: str) -> int | str:
    """A number of units, one or more, or the error message."""
    cleaned = plain(text).removesuffix(".0")
    if cleaned.isdigit() and 0 < int(cleaned) <= 1_000_000:
        return int(cleaned)
    return _("Enter a whole number of one or more.")


def moment(text: str, zone: dt.tzinfo) -> dt.datetime | str:
    """A time as exports write it (2026-11-20 10:15:30, 2026/11/20 10:15, epoch milliseconds) in
    the seller centre's zone, or the error message."""
    cleaned = plain(text)
    if _EPOCH_MS.match(cleaned):
        return dt.datetime.fromtimestamp(int(cleaned) / 1000, tz=dt.UTC)
    try:
        parsed = dt.datetime.fromisoformat(cleaned.replace("/", "-").replace("T", " "))
    except ValueError:
        return _("Enter a time such as 2026-11-20 10:15:30.")
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=zone)


def carrier_code(name: str) -> str:
    """Our carrier code for a carrier named as exports write it (中通快递 → ZTO), else the name itself."""
    cleaned = plain(name)
    return carrier_by_name(cleaned) or cleaned


_WAYBILL = re.compile(r"([A-Za-z0-9]{8,})\s*$")


def waybill_of(info: str) -> tuple[str, str]:
    """(carrier, tracking number) from Taobao's free-text 退货物流信息, e.g. ``中通快递,75312345678901``;
    its layout is not documented, so this is only read when the two separate columns are empty."""
    cleaned = plain(info)
    found = _WAYBILL.search(cleaned)
    if found is None:
        return "", ""
    carrier = re.split(r"[,，:：\s]+", cleaned[: found.start()].strip(" ,，:："))[0] if found.start() else ""
    return carrier, found.group(1)
