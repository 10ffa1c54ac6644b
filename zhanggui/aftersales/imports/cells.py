"""Reading the cells of the platforms' after-sales exports: ``="…"`` numbers, amounts, times, carriers."""

from __future__ import annotations

import re

from zhanggui.core.imports.cells import amount, moment, plain, quantity
from zhanggui.orders.constants import carrier_by_name

__all__ = ["amount", "carrier_code", "moment", "plain", "quantity", "waybill_of"]


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
