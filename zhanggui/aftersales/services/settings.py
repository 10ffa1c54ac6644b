"""A store's own after-sales rules (售后规则): deadlines of each step, automatic approval, the
return-rate threshold. A store without its own row follows ``aftersales.constants``."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhanggui.core.actors import Actor
from zhanggui.core.audit import audit_record, changed, snapshot
from zhanggui.core.exceptions import ValidationFailed
from zhanggui.core.inputs import fields_checked, money, whole_number
from zhanggui.core.permissions import require_perm, require_store_access
from zhanggui.stores.models import Store

from ..models import AftersalesSettings
from ..selectors.rules import aftersales_rules


def _percent(value: Any, field: str) -> Decimal:
    rate = money(value, field)
    if not Decimal("0") < rate <= Decimal("100"):
        raise ValidationFailed.for_field(field, _("Enter a percentage above 0 and at most 100."))
    return rate


CHECKS: dict[str, Callable[[Any, str], Any]] = {
    "response_hours": whole_number(30 * 24),
    "return_ship_days": whole_number(60),
    "receive_days": whole_number(60),
    "inspect_hours": whole_number(30 * 24),
    "resolve_hours": whole_number(30 * 24),
    "auto_approve_max_amount": money,
    "auto_approve_max_buyer_cases": whole_number(1000, minimum=0),
    "return_rate_threshold": _percent,
}
FIELDS = list(CHECKS)


@transaction.atomic
def aftersales_settings_update(*, by: Actor, store: Store, **fields: Any) -> AftersalesSettings:
    """Change some of ``store``'s after-sales rules; the others keep their current (or default) value.

    New deadlines apply to steps that start afterwards; a case keeps the deadline of the step it is in.
    """
    require_perm(by, "aftersales.settings")
    require_store_access(by, store.pk)
    cleaned = fields_checked(fields, CHECKS)
    Store.objects.select_for_update().filter(pk=store.pk).first()  # serialises the first save per store
    rules = aftersales_rules(store.pk)
    current = snapshot(rules, FIELDS)
    before, after = changed(current, {**current, **snapshot(AftersalesSettings(**cleaned), list(cleaned))})
    if not after:
        return rules
    for name in after:
        setattr(rules, name, cleaned[name])
    rules.store = store
    rules.updated_at = timezone.now()
    rules.save()
    audit_record(actor=by, action="aftersales.settings.update", obj=rules, before=before, after=after)
    return rules
