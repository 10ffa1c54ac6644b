"""A store's own order rules (订单规则): timeouts, review threshold and keywords, windows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from zhanggui.core.actors import Actor
from zhanggui.core.audit import audit_record, changed
from zhanggui.core.exceptions import ValidationFailed
from zhanggui.core.inputs import fields_checked, money, whole_number
from zhanggui.core.permissions import require_perm, require_store_access
from zhanggui.stores.models import Store

from ..models import OrderSettings
from ..selectors.rules import StoreRules, store_rules

KEYWORDS_MAX = 50
KEYWORD_LENGTH_MAX = 20


def _keywords(value: Any, field: str) -> list[str]:
    if not isinstance(value, list | tuple) or not all(isinstance(word, str) for word in value):
        raise ValidationFailed.for_field(field, _("Enter a list of words."))
    words = list(dict.fromkeys(word.strip() for word in value if word.strip()))
    if len(words) > KEYWORDS_MAX:
        raise ValidationFailed.for_field(field, _("Use at most %(count)d words.") % {"count": KEYWORDS_MAX})
    if too_long := [word for word in words if len(word) > KEYWORD_LENGTH_MAX]:
        raise ValidationFailed.for_field(
            field,
            _("Keep each word to %(count)d characters: %(words)s")
            % {"count": KEYWORD_LENGTH_MAX, "words": ", ".join(too_long)},
        )
    return words


CHECKS: dict[str, Callable[[Any, str], Any]] = {
    "unpaid_timeout_minutes": whole_number(30 * 24 * 60),
    "review_amount_threshold": money,
    "review_keywords": _keywords,
    "ship_sla_hours": whole_number(30 * 24),
    "merge_window_hours": whole_number(30 * 24),
    "stuck_shipment_days": whole_number(90),
    "auto_complete_days": whole_number(90),
}


def _as_values(rules: StoreRules) -> dict[str, Any]:
    values = asdict(rules)
    values["review_keywords"] = list(values["review_keywords"])
    return values


@transaction.atomic
def order_settings_update(*, by: Actor, store: Store, **fields: Any) -> OrderSettings:
    """Change some of ``store``'s order rules; the others keep their current (or default) value."""
    require_perm(by, "orders.review")
    require_store_access(by, store.pk)
    cleaned = fields_checked(fields, CHECKS)
    Store.objects.select_for_update().filter(pk=store.pk).first()  # serialises the first save per store
    current = _as_values(store_rules(store.pk))
    before, after = changed(current, {**current, **cleaned})
    settings, _created = OrderSettings.objects.get_or_create(store=store, defaults={**current, **cleaned})
    if not after:
        return settings
    for name, value in after.items():
        setattr(settings, name, value)
    settings.save()
    audit_record(actor=by, action="orders.settings.update", obj=settings, before=before, after=after)
    return settings
