"""After-sales API: guidance to the buyer of a case (usage and installation guides, notes).
Mounted at ``/api/v1/aftersales/guidance``. A message is recorded on the case and shown in its
timeline; delivering it into the buyer's chat comes with the service inbox."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Status

from zhanggui.core.api import ApiRouter, Id, api_permission
from zhanggui.core.exceptions import ValidationFailed

from .. import selectors, services
from .schemas.feedback import GuidanceOut, MessageIn, MessageOut

router = ApiRouter(tags=["after-sales guidance"])


@router.get("/cases/{int:case_id}", response=GuidanceOut, summary="Guides for a case's goods and messages sent")
@api_permission("aftersales.view")
def guidance_get(request: HttpRequest, case_id: Id) -> Any:
    case = selectors.case_get(user=request.auth, case_id=case_id)
    return {"guides": list(selectors.guidance_for_case(case)), "messages": selectors.case_messages(case)}


@router.post("/cases/{int:case_id}/messages", response={201: MessageOut}, summary="Send guidance to the buyer")
@api_permission("aftersales.create")
def guidance_send(request: HttpRequest, case_id: Id, data: MessageIn) -> Any:
    case = selectors.case_get(user=request.auth, case_id=case_id)
    article = None
    if data.article_id is not None:
        article = selectors.guidance_for_case(case).filter(pk=data.article_id).first()
        if article is None:
            raise ValidationFailed.for_field("article_id", _("Choose a guide for the goods of this case."))
    return Status(201, services.case_message_send(by=request.auth, case=case, article=article, body=data.body))
