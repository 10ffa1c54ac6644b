"""Reading the cells of order exports: one-string addresses, carriers and waybills; the cells every
export shares (``="…"`` numbers, amounts, units, times) are read by ``core.imports.cells``."""

from __future__ import annotations

import re
from functools import lru_cache

from zhanggui.core.imports.cells import amount, moment, plain, quantity

from ..constants import carrier_by_name

__all__ = ["address", "amount", "carrier_code", "moment", "plain", "quantity", "tracking_number"]

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
    return carrier_by_name(cleaned) or cleaned


_NUMBER_SEPARATORS = re.compile(r"[,，;；、\s]+")


def tracking_number(text: str) -> str:
    """The (first) tracking number of a cell: ``No:78123456789012`` or several numbers of a split parcel."""
    first = _NUMBER_SEPARATORS.split(plain(text).strip())[0]
    return first[3:].strip() if first[:3].lower() == "no:" else first
