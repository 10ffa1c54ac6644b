"""Reads about API tokens."""

from __future__ import annotations

from django.db.models import QuerySet

from ..models import ApiToken, Staff


def api_token_list(*, user: Staff) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(staff=user)
