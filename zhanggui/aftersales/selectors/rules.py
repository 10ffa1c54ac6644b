"""A store's after-sales rules (售后规则): its own row, or the defaults of ``aftersales.constants``; and
the reasons buyers choose from."""

from __future__ import annotations

from django.db.models import QuerySet

from zhanggui.core.actors import Actor
from zhanggui.core.permissions import require_perm

from ..models import AftersalesSettings, Reason


def aftersales_rules(store_id: int) -> AftersalesSettings:
    """The rules in force in a store (an unsaved row of defaults when it has none of its own)."""
    return AftersalesSettings.objects.filter(store_id=store_id).first() or AftersalesSettings(store_id=store_id)


def reason_list(*, user: Actor, active_only: bool = True) -> QuerySet[Reason]:
    """The after-sales reasons in their order (only the ones in use unless ``active_only`` is off)."""
    require_perm(user, "aftersales.view")
    reasons = Reason.objects.order_by("sort_order", "pk")
    return reasons.filter(is_active=True) if active_only else reasons
