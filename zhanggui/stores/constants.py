"""Plain tables of the stores context: the currency codes a store may trade in (the active ISO 4217
alphabetic codes), the time zones merchants sell in and how people read the audit actions it writes."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

ISO_4217: frozenset[str] = frozenset(
    """
    AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN BZD
    CAD CDF CHF CLP CNY COP CRC CUC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP
    GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD
    KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK
    NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS
    SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VED VES VND VUV WST
    XAF XCD XCG XOF XPF YER ZAR ZMW ZWG ZWL
    """.split()  # noqa: SIM905 - a block of codes reads better than 180 quoted strings
)

AUDIT_ACTIONS = {
    "stores.credential.retire_previous": _("Retire previous webhook secret"),
    "stores.credential.update": _("Change store credentials"),
    "stores.credential.view": _("View store credentials"),
    "stores.store.create": _("Create store"),
    "stores.store.staff_assign": _("Assign staff to store"),
    "stores.store.update": _("Edit store"),
}

# The zones a merchant selling from China sells in, as the store form offers them: China first, then
# its neighbours and the cross-border markets. The API accepts any IANA name; a store already in
# another zone keeps it (the form adds it to the list).
MERCHANT_TIME_ZONES: dict[str, Any] = {
    "Asia/Shanghai": _("Beijing time"),
    "Asia/Hong_Kong": _("Hong Kong"),
    "Asia/Macau": _("Macau"),
    "Asia/Taipei": _("Taipei"),
    "Asia/Tokyo": _("Tokyo"),
    "Asia/Seoul": _("Seoul"),
    "Asia/Singapore": _("Singapore"),
    "Asia/Kuala_Lumpur": _("Kuala Lumpur"),
    "Asia/Bangkok": _("Bangkok"),
    "Asia/Ho_Chi_Minh": _("Ho Chi Minh City"),
    "Asia/Jakarta": _("Jakarta"),
    "Asia/Manila": _("Manila"),
    "Asia/Dubai": _("Dubai"),
    "Europe/London": _("London"),
    "Europe/Paris": _("Paris"),
    "Europe/Berlin": _("Berlin"),
    "Europe/Moscow": _("Moscow"),
    "America/New_York": _("New York (US Eastern)"),
    "America/Los_Angeles": _("Los Angeles (US Pacific)"),
    "Australia/Sydney": _("Sydney"),
    "UTC": _("Coordinated Universal Time (UTC)"),
}
