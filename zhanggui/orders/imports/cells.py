"""Reading the cells of platform exports: ``="…"`` numbers, amounts, times, one-string addresses, carriers."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from functools import lru_cache

from django.utils.translation import gettext as _

from zhanggui.core.exceptions import ValidationFailed
from zhanggui.core.inputs import money

from ..constants import CARRIER_NAMES

_MARKS = "='\"\t "  # what an export may put before a number kept as text
_MONEY_NOISE = str.maketrans("", "", ",¥￥ ")


def plain(text: str) -> str:
    """A cell without the spreadsheet tricks exports use to keep long numbers as text.

    Taobao writes ``="3312345678901234"`` (a formula giving the text) and some tools a leading
    apostrophe or tab; ``No:`` prefixes tracking numbers in some layouts.
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
    """A time as exports write it (2026-11-20 10:15:30, 2026/11/20 10:15, 2026-11-20) in the store's
    zone (the seller centre's), or the error."""
    cleaned = plain(text).replace("/", "-").replace("T", " ")
    try:
        parsed = dt.datetime.fromisoformat(cleaned)
    except ValueError:
        return _("Enter a time such as 2026-11-20 10:15:30.")
    if parsed.tzinfo is None:
        parsed = dt.datetime.combine(parsed, parsed.time(), zone)  # replace(tzinfo=zone), at a third of the cost
    return parsed


_POSTCODE = re.compile(r"\s*[(（]\s*\d{6}\s*[)）]\s*$")
_REGIONS = re.compile(
    r"^(?P<province>.+?(?:省|自治区|特别行政区)|北京市?|天津市?|上海市?|重庆市?)"
    r"(?P<city>.+?(?:市|自治州|地区|盟)|)"
    r"(?P<district>.+?(?:区|县|市|旗)|)"
    r"(?P<detail>.*)$"
)
MUNICIPALITIES = ("北京", "天津", "上海", "重庆")


@lru_cache(maxsize=4096)  # a buyer's address comes back with each of their orders
def address(text: str) -> tuple[str, str, str, str]:
    """(province, city, district, detail) of an address written as one string.

    Taobao separates the parts by spaces and ends with the postcode: ``浙江省 杭州市 西湖区
    文三路100号 (310000)``; JD writes them together: ``浙江杭州市西湖区文三路100号``. What cannot be
    split stays whole in the detail (the review rules then hold the order as incomplete).
    """
    cleaned = _POSTCODE.sub("", plain(text)).strip()
    parts = cleaned.split()
    if len(parts) >= 4:
        return parts[0], parts[1], parts[2], " ".join(parts[3:])
    if len(parts) == 3:  # a city without districts (东莞市, 中山市)
        return parts[0], parts[1], "", parts[2]
    found = _REGIONS.match(cleaned)
    if found is None:
        return "", "", "", cleaned
    province, city, district, detail = found.group("province", "city", "district", "detail")
    if province.rstrip("市") in MUNICIPALITIES and not city:  # 上海市浦东新区… : the city is the province
        city = province if province.endswith("市") else province + "市"
    if not detail and district:
        return province, city, "", district
    return province, city, district, detail.strip()


def carrier_code(name: str) -> str:
    """Our carrier code for a carrier named as exports write it (中通快递 → ZTO), else the name."""
    cleaned = plain(name)
    return CARRIER_NAMES.get(cleaned.lower().replace(" ", ""), cleaned)


_NUMBER_SEPARATORS = re.compile(r"[,，;；、\s]+")


def tracking_number(text: str) -> str:
    """The (first) tracking number of a cell: ``No:78123456789012`` or several numbers of a split parcel."""
    first = _NUMBER_SEPARATORS.split(plain(text).strip())[0]
    return first[3:].strip() if first[:3].lower() == "no:" else first
