"""Reading follow-ups: the open ones of the user's stores, theirs, the overdue."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from zhanggui.core.actors import Actor
from zhanggui.core.exceptions import NotFoundError
from zhanggui.core.permissions import require_perm, scope_to_stores

from ..models import FollowUp
from ..states import FollowUpStatus


def followup_scope(user: Actor) -> QuerySet[FollowUp]:
    require_perm(user, "service.view")
    queryset = FollowUp.objects.select_related("contact", "assignee", "store", "call", "order")
    return scope_to_stores(queryset, user)


def followup_get(*, user: Actor, followup_id: int) -> FollowUp:
    found = followup_scope(user).filter(pk=followup_id).first()
    if found is None:
        raise NotFoundError()
    return found


def followup_list(*, user: Actor, filters: dict[str, Any] | None = None) -> QuerySet[FollowUp]:
    """Filters: ``status`` (default ``open``; ``all`` for every one), ``mine`` (assigned to the user
    or to nobody), ``overdue``, ``store``, ``contact``, ``kind``. Soonest due first."""
    filters = filters or {}
    queryset = followup_scope(user)
    status = filters.get("status") or FollowUpStatus.OPEN
    if status != "all":
        queryset = queryset.filter(status=status)
    if filters.get("mine"):
        queryset = queryset.filter(Q(assignee_id=user.pk) | Q(assignee__isnull=True))
    if filters.get("overdue"):
        queryset = queryset.filter(status=FollowUpStatus.OPEN, due_at__lt=timezone.now())
    for key, lookup in (("store", "store_id"), ("contact", "contact_id"), ("kind", "kind")):
        if filters.get(key) not in (None, ""):
            queryset = queryset.filter(**{lookup: filters[key]})
    return queryset.order_by("due_at", "pk")
