"""Phone calls logged by the telephony system (``POST /api/v1/service/calls``), with a staff token
holding ``service.reply`` for the store."""

from typing import Any

from django.http import HttpRequest

from zhanggui.core.api import ApiRouter, api_permission

from .. import services
from .channels import store_of
from .schemas.channels import CallIn, CallOut

router = ApiRouter(tags=["service calls"])


@router.post("", response={200: CallOut}, summary="Log a phone call")
@api_permission("service.reply")
def service_call_log(request: HttpRequest, payload: CallIn) -> Any:
    """The caller is recognised by phone; the call shows in their phone conversation; a missed
    incoming call (`answered: false`) leaves one call-back follow-up due in 30 minutes. A `call_id`
    logged before answers the same call with `created: false` and changes nothing."""
    call, created = services.call_log(
        by=request.auth,
        store=store_of(payload.store_id),
        call_id=payload.call_id,
        direction=payload.direction,
        phone=payload.phone,
        started_at=payload.started_at,
        duration_seconds=payload.duration_seconds,
        answered=payload.answered,
        agent_username=payload.agent,
        summary=payload.summary,
    )
    follow_up = getattr(call, "follow_up", None) if call.is_missed else None
    return {
        "id": call.pk,
        "call_id": call.external_id,
        "contact_id": call.contact_id,
        "conversation_id": call.conversation_id,
        "missed": call.is_missed,
        "follow_up_id": follow_up.pk if follow_up else None,
        "created": created,
    }
