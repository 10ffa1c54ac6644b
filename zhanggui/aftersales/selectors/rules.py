"""A store's after-sales rules (售后规则): its own row, or the defaults of ``aftersales.constants``."""

from __future__ import annotations

from collections.abc import Iterable

from ..models import AftersalesSettings


def aftersales_rules(store_id: int) -> AftersalesSettings:
    """The rules in force in a store (an unsaved row of defaults when it has none of its own)."""
    return AftersalesSettings.objects.filter(store_id=store_id).first() or AftersalesSettings(store_id=store_id)


def aftersales_rules_of(store_ids: Iterable[int]) -> dict[int, AftersalesSettings]:
    """The rules in force in each of these stores, read at once (defaults where a store has none)."""
    ids = list(store_ids)
    own = {rules.store_id: rules for rules in AftersalesSettings.objects.filter(store_id__in=ids)}
    return {pk: own.get(pk) or AftersalesSettings(store_id=pk) for pk in ids}
