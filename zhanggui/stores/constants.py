"""Plain tables of the stores context: the currency codes a store may trade in (the active ISO 4217
alphabetic codes) and how people read the audit actions it writes."""

from __future__ import annotations

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
