"""Reading what assignment needs: a store's service settings (or the defaults), whether the store is
open now, a waiting buyer's place in the queue, and how many wait.

A store that never saved its settings has no business hours: it answers at any time (its agents'
status alone decides), so turning business hours on is a choice a lead makes on the settings page.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.db.models import Q
from django.utils import timezone

from zhanggui.core.actors import Actor
from zhanggui.stores.models import Store

from ..constants import CLOSES_AT, OPENS_AT
from ..models import Conversation, ServiceSettings
from ..states import ConversationStatus
from .figures import QUEUE, workspace_tab


def service_settings_of(store: Store | int) -> ServiceSettings:
    """The store's settings row, or an unsaved one holding the defaults (``pk`` None)."""
    store_id = store if isinstance(store, int) else store.pk
    found = ServiceSettings.objects.filter(store_id=store_id).first()
    return found if found is not None else _defaults(store_id)


def _defaults(store_id: int) -> ServiceSettings:
    return ServiceSettings(store_id=store_id, opens_at=_as_time(OPENS_AT), closes_at=_as_time(CLOSES_AT))


def service_settings_for(store_ids: list[int]) -> dict[int, ServiceSettings]:
    """Each store's settings (or the defaults), in one query: the settings list."""
    found = {s.store_id: s for s in ServiceSettings.objects.filter(store_id__in=store_ids)}
    return {pk: found.get(pk) or _defaults(pk) for pk in store_ids}


def _zone(store: Store) -> dt.tzinfo:
    try:
        return zoneinfo.ZoneInfo(store.time_zone or "Asia/Shanghai")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("Asia/Shanghai")


def _as_time(value: dt.time | str) -> dt.time:
    return value if isinstance(value, dt.time) else dt.time.fromisoformat(value)


def business_hours_open(settings: ServiceSettings, *, store: Store, at: dt.datetime | None = None) -> bool:
    """Whether ``at`` (now by default) falls in the store's business hours, in its own time zone.

    ``opens_at`` equal to ``closes_at`` means all day; a ``closes_at`` before ``opens_at`` runs past
    midnight (the hours after midnight belong to the day they started on).
    """
    if settings.pk is None:
        return True
    local = (at or timezone.now()).astimezone(_zone(store))
    opens, closes, now = _as_time(settings.opens_at), _as_time(settings.closes_at), local.time()
    workdays = {int(day) for day in settings.workdays or []}
    if opens == closes:
        return local.weekday() in workdays
    if opens < closes:
        return local.weekday() in workdays and opens <= now < closes
    if now >= opens:
        return local.weekday() in workdays
    return now < closes and (local.weekday() - 1) % 7 in workdays


def _waiting(store_id: int, group_id: int | None) -> Q:
    return Q(store_id=store_id, status=ConversationStatus.QUEUED, assignee__isnull=True, group_id=group_id)


def queue_position(*, conversation: Conversation) -> int | None:
    """The waiting buyer's place (1 = next) among the queued conversations of the same group (or of
    the store's conversations without a group): most urgent first, then first queued. None when an
    agent has the conversation or it is no longer waiting."""
    if conversation.status != ConversationStatus.QUEUED or conversation.assignee_id is not None:
        return None
    queued_at = conversation.queued_at or conversation.created_at
    ahead = (
        Conversation.objects.filter(_waiting(conversation.store_id, conversation.group_id))
        .exclude(pk=conversation.pk)
        .filter(
            Q(priority__gt=conversation.priority)
            | Q(priority=conversation.priority, queued_at__lt=queued_at)
            | Q(priority=conversation.priority, queued_at=queued_at, pk__lt=conversation.pk)
        )
        .count()
    )
    return ahead + 1


def queue_count(*, user: Actor, store: int | None = None) -> int:
    """How many buyers wait for an agent among the conversations ``user`` sees."""
    queryset = workspace_tab(user=user, tab=QUEUE)  # the workspace's queue tab: the same rows
    if store is not None:
        queryset = queryset.filter(store_id=store)
    return queryset.count()
