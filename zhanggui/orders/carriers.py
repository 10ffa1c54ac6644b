"""Carriers (快递公司) and the shape of their tracking numbers (物流单号).

The patterns follow the numbers the carriers print on their waybills today; they catch typos
and numbers pasted into the wrong carrier, not every number a carrier could ever issue.
"""

from __future__ import annotations

import re

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

CARRIERS: dict[str, tuple[Promise, re.Pattern[str]]] = {
    # 顺丰: SF + 12 or 13 digits (SF1234567890123); older waybills are 12 digits.
    "SF": (_("SF Express"), re.compile(r"(SF\d{12,13}|\d{12})")),
    # 中通: 12 to 15 digits (e.g. 78 or 75 + 12 digits).
    "ZTO": (_("ZTO Express"), re.compile(r"\d{12,15}")),
    # 圆通: YT + 13 digits (YT6123456789012).
    "YTO": (_("YTO Express"), re.compile(r"YT\d{13}")),
    # 申通: 77 + 11 to 13 digits (773012345678901), or ST + digits.
    "STO": (_("STO Express"), re.compile(r"(77\d{11,13}|ST\d{10,13})")),
    # 韵达: 13 or 15 digits.
    "YUNDA": (_("Yunda Express"), re.compile(r"(\d{13}|\d{15})")),
    # 京东: JD + 13 to 16 letters or digits (JDVA01234567890, JDX012345678901).
    "JD": (_("JD Logistics"), re.compile(r"JD[A-Z0-9]{11,16}")),
    # EMS: the UPU format (two letters, nine digits, CN: EA123456789CN) or 11/13 digits.
    "EMS": (_("China Post EMS"), re.compile(r"([A-Z]{2}\d{9}CN|\d{13}|\d{11})")),
}

OTHER = re.compile(r"[A-Z0-9]{6,30}")  # any other carrier: 6–30 letters or digits


def carrier_label(code: str) -> str:
    known = CARRIERS.get(code)
    return str(known[0]) if known else code


def tracking_number_valid(carrier: str, tracking_no: str) -> bool:
    pattern = CARRIERS[carrier][1] if carrier in CARRIERS else OTHER
    return pattern.fullmatch(tracking_no) is not None
