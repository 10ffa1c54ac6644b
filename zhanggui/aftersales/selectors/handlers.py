"""Who may be given a case: active staff who handle after-sales in the reader's stores."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from zhanggui.accounts.models import Staff
from zhanggui.core import policy
from zhanggui.core.actors import Actor
from zhanggui.core.permissions import require_perm, spans_all_stores

HANDLE = "aftersales.handle"


def case_handlers(*, user: Actor, store_id: int | None = None) -> QuerySet[Staff]:
    """Staff holding ``aftersales.handle`` who work in ``store_id`` (or, without one, in one of
    ``user``'s stores); roles spanning every store always qualify. By display name."""
    require_perm(user, "aftersales.view")
    roles = [role for role in policy.ROLES if policy.role_has(role, HANDLE)]
    queryset = Staff.objects.filter(is_active=True, role__in=roles)
    spanning = Q(role__in=policy.ALL_STORE_ROLES)
    if store_id is not None:
        queryset = queryset.filter(spanning | Q(stores=store_id))
    elif not spans_all_stores(user):
        assigned = user.stores.through.objects.filter(staff_id=user.pk).values("store_id")
        queryset = queryset.filter(spanning | Q(stores__in=assigned))
    return queryset.distinct().order_by("display_name", "username")
