"""API of the daily opening checklist (开工检查): the same sections as the console page, by role."""

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from zhanggui.core import policy
from zhanggui.core.api import ApiRouter, api_permission

from ..selectors.checklist import opening_checklist
from .schemas.checklist import ChecklistOut

router = ApiRouter(tags=["checklist"])


@router.get("", response=ChecklistOut, summary="My opening checklist")
@api_permission(policy.AUTHENTICATED)
def checklist_get(request: HttpRequest) -> Any:
    """What needs doing first today in your stores, shaped by your role: unpaid orders worth a reminder
    and yesterday's low ratings (customer service), orders past the shipping promise, held for review
    and parcels without tracking news (order desk). Sections your role does not work on are left
    out; an empty ``sections`` list means none is yours, a count of 0 that the section is clear."""
    now = timezone.now()
    return {"generated_at": now, "sections": opening_checklist(user=request.auth, now=now)}
