"""API of the after-sales reasons buyers choose from (mounted at ``/api/v1/aftersales/reasons``)."""

from typing import Any

from django.http import HttpRequest

from zhanggui.core.api import ApiRouter, api_permission

from .. import selectors
from .schemas.reasons import ReasonOut

router = ApiRouter(tags=["aftersales"])


@router.get("", response=list[ReasonOut], summary="List after-sales reasons")
@api_permission("aftersales.view")
def reason_list(request: HttpRequest) -> Any:
    """The reasons in use, in their order; a case is opened with one of their ids."""
    return selectors.reason_list(user=request.auth)
