"""Anomalies (异常): what went wrong with an order after review, kept as codes in ``Order.anomalies``.

An anomaly stays on the order until a clerk resolves it with a remark (or, for a stuck
shipment, until the parcel moves again). The codes are stable; labels are what clerks read.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet, TextField
from django.db.models.functions import Cast
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ADDRESS_CHANGED_AFTER_PAYMENT = "address_changed_after_payment"
MANUAL_PRICE_CHANGE = "manual_price_change"
STUCK_SHIPMENT = "stuck_shipment"

ANOMALY_LABELS: dict[str, Promise] = {
    ADDRESS_CHANGED_AFTER_PAYMENT: _("Address changed after payment"),
    MANUAL_PRICE_CHANGE: _("Price changed by hand"),
    STUCK_SHIPMENT: _("Shipment without tracking news"),
}

ANOMALY_CHOICES: list[tuple[str, Promise]] = list(ANOMALY_LABELS.items())


def anomaly_label(code: str) -> str:
    """The clerk-facing label of ``code`` (the code itself if it is unknown, e.g. retired)."""
    label = ANOMALY_LABELS.get(code)
    return str(label) if label is not None else code


def with_anomaly(queryset: QuerySet[Any], code: str | None = None) -> QuerySet[Any]:
    """Orders carrying ``code``, or any anomaly when ``code`` is None (SQLite and PostgreSQL alike)."""
    if code is None:
        return queryset.exclude(anomalies=[])
    return queryset.alias(anomalies_text=Cast("anomalies", TextField())).filter(anomalies_text__contains=f'"{code}"')
