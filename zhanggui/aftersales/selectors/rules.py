"""A store's after-sales rules (售后规则): its own row, or the defaults of ``aftersales.constants``."""

from __future__ import annotations

from ..models import AftersalesSettings


def aftersales_rules(store_id: int) -> AftersalesSettings:
    """The rules in force in a store (an unsaved row of defaults when it has none of its own)."""
    return AftersalesSettings.objects.filter(store_id=store_id).first() or AftersalesSettings(store_id=store_id)
