"""Reads about staff."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from .models import ApiToken, Staff


def api_token_list(*, user: Staff) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(staff=user)


def staff_list(*, filters: dict[str, Any]) -> QuerySet[Staff]:
    queryset = Staff.objects.prefetch_related("teams", "stores")
    if q := filters.get("q"):
        from django.db.models import Q

        queryset = queryset.filter(Q(username__icontains=q) | Q(display_name__icontains=q))
    if role := filters.get("role"):
        queryset = queryset.filter(role=role)
    if team := filters.get("team"):
        queryset = queryset.filter(teams=team)
    if (active := filters.get("is_active")) not in (None, ""):
        queryset = queryset.filter(is_active=active == "1" if isinstance(active, str) else bool(active))
    return queryset
