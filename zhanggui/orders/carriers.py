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

# Carrier names as clerks and platform exports write them → our carrier codes; keys are lower
# case without spaces (see ``carrier_by_name``).
CARRIER_NAMES: dict[str, str] = {
    "顺丰": "SF",
    "顺丰速运": "SF",
    "顺丰快递": "SF",
    "中通": "ZTO",
    "中通快递": "ZTO",
    "圆通": "YTO",
    "圆通速递": "YTO",
    "圆通快递": "YTO",
    "申通": "STO",
    "申通快递": "STO",
    "韵达": "YUNDA",
    "韵达快递": "YUNDA",
    "韵达速递": "YUNDA",
    "京东": "JD",
    "京东快递": "JD",
    "京东物流": "JD",
    "ems": "EMS",
    "邮政ems": "EMS",
    "中国邮政ems": "EMS",
    "ems快递": "EMS",
    "极兔": "JTSD",
    "极兔速递": "JTSD",
    "德邦": "DBL",
    "德邦快递": "DBL",
}


def carrier_label(code: str) -> str:
    known = CARRIERS.get(code)
    return str(known[0]) if known else code


def tracking_number_valid(carrier: str, tracking_no: str) -> bool:
    pattern = CARRIERS[carrier][1] if carrier in CARRIERS else OTHER
    return pattern.fullmatch(tracking_no) is not None


def carrier_by_name(name: str) -> str | None:
    """Our code for a carrier named as files write it (中通快递, 邮政 EMS), or None."""
    return CARRIER_NAMES.get("".join(name.split()).lower())
