"""Reads of the reason taxonomy."""

from __future__ import annotations

from django.db.models import QuerySet

from zhanggui.core.actors import Actor
from zhanggui.core.exceptions import NotFoundError
from zhanggui.core.permissions import has_perm, require_perm

from ..models import Reason


def reason_list(*, active_only: bool = False) -> QuerySet[Reason]:
    """Every reason in its order (retired ones too, unless ``active_only``): shared by all stores."""
    queryset = Reason.objects.all()
    return queryset.filter(is_active=True) if active_only else queryset


def reason_get(*, user: Actor, reason_id: int) -> Reason:
    """One reason, for those who work on cases or keep the taxonomy (an admin sees no cases)."""
    if not has_perm(user, "aftersales.settings"):
        require_perm(user, "aftersales.view")
    reason = Reason.objects.filter(pk=reason_id).first()
    if reason is None:
        raise NotFoundError()
    return reason
