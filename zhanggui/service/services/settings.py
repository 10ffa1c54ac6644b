"""A store's customer-service rules (客服设置): business hours and their automatic reply, the
greeting, when an unanswered conversation moves on, and the website chat widget. A store without
its own row follows ``service.constants`` (and answers at any time: see ``selectors.assignment``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhanggui.core.actors import Actor
from zhanggui.core.audit import audit_record, changed, snapshot
from zhanggui.core.exceptions import ValidationFailed
from zhanggui.core.inputs import fields_checked, text, whole_number
from zhanggui.core.permissions import require_perm, require_store_access
from zhanggui.stores.models import Store

from ..models import ServiceSettings
from ..selectors.assignment import service_settings_of

REPLY_MAX_CHARS = 500


def _time(value: Any, field: str) -> dt.time:
    """A time of day in the store's own time zone (a time naming a zone is refused)."""
    try:
        parsed = value if isinstance(value, dt.time) else dt.time.fromisoformat(str(value).strip())
    except ValueError as exc:
        raise ValidationFailed.for_field(field, _("Enter a time such as 09:00.")) from exc
    if parsed.tzinfo is not None:
        raise ValidationFailed.for_field(field, _("Enter a time such as 09:00, in the store's time zone."))
    return parsed.replace(second=0, microsecond=0)


def _workdays(value: Any, field: str) -> list[int]:
    if isinstance(value, str) or not hasattr(value, "__iter__"):
        raise ValidationFailed.for_field(field, _("Choose the working days."))
    days: set[int] = set()
    for day in value:
        try:
            number = int(day)
        except (TypeError, ValueError) as exc:
            raise ValidationFailed.for_field(field, _("Working days are numbers from 0 (Monday) to 6.")) from exc
        if not 0 <= number <= 6 or isinstance(day, bool):
            raise ValidationFailed.for_field(field, _("Working days are numbers from 0 (Monday) to 6."))
        days.add(number)
    if not days:
        raise ValidationFailed.for_field(field, _("Choose at least one working day."))
    return sorted(days)


def _reply(value: Any, field: str) -> str:
    return text(value, field, required=False, max_length=REPLY_MAX_CHARS)


def _title(value: Any, field: str) -> str:
    return text(value, field, required=False, max_length=60)


def _flag(value: Any, field: str) -> bool:
    if not isinstance(value, bool):
        raise ValidationFailed.for_field(field, _("Choose yes or no."))
    return value


CHECKS: dict[str, Callable[[Any, str], Any]] = {
    "opens_at": _time,
    "closes_at": _time,
    "workdays": _workdays,
    "outside_hours_reply": _reply,
    "welcome_reply": _reply,
    "reassign_after_minutes": whole_number(240),
    "unanswered_alert_minutes": whole_number(24 * 60),
    "auto_close_hours": whole_number(30 * 24),
    "widget_enabled": _flag,
    "widget_title": _title,
}
FIELDS = list(CHECKS)


@transaction.atomic
def service_settings_update(*, by: Actor, store: Store, **fields: Any) -> ServiceSettings:
    """Change some of ``store``'s service settings; the others keep their current (or default) value.
    Every bad field is reported at once, by name; a call that changes nothing writes nothing."""
    require_perm(by, "service.settings")
    require_store_access(by, store.pk)
    cleaned = fields_checked(fields, CHECKS)
    Store.objects.select_for_update().filter(pk=store.pk).first()  # serialises the first save per store
    settings = service_settings_of(store)
    current = snapshot(settings, FIELDS)
    before, after = changed(current, {**current, **snapshot(ServiceSettings(**cleaned), list(cleaned))})
    if not after and settings.pk is not None:
        return settings
    for name in after:
        setattr(settings, name, cleaned[name])
    settings.store = store
    settings.updated_at = timezone.now()
    settings.save()
    audit_record(
        actor=by, action="service.settings.update", obj=settings, store_id=store.pk, before=before, after=after
    )
    return settings
