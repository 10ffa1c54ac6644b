"""Reads about staff."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from zhanggui.core.exceptions import NotFoundError

from ..models import Staff, Team


def staff_list(*, filters: dict[str, Any]) -> QuerySet[Staff]:
    """Staff members; ``filters``: q (username or display name), role, team (id), is_active (bool or "1"/"0")."""
    queryset = Staff.objects.prefetch_related("teams", "stores")
    if q := filters.get("q"):
        queryset = queryset.filter(Q(username__icontains=q) | Q(display_name__icontains=q))
    if role := filters.get("role"):
        queryset = queryset.filter(role=role)
    if team := filters.get("team"):
        queryset = queryset.filter(teams=team)
    if (active := filters.get("is_active")) not in (None, ""):
        queryset = queryset.filter(is_active=active == "1" if isinstance(active, str) else bool(active))
    return queryset


def staff_get(*, staff_id: int) -> Staff:
    staff = Staff.objects.prefetch_related("teams", "stores").filter(pk=staff_id).first()
    if staff is None:
        raise NotFoundError()
    return staff


def team_list(*, filters: dict[str, Any]) -> QuerySet[Team]:
    """Teams with their number of members; ``filters``: q (part of the name)."""
    queryset = Team.objects.annotate(member_count=Count("members", distinct=True))
    if q := filters.get("q"):
        queryset = queryset.filter(name__icontains=q)
    return queryset.order_by("name")
