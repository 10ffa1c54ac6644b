"""Guidance sent to the buyer from a case: a usage or installation guide of the goods, or a note.

The message is recorded on the case and shown in its timeline. Delivering it into the buyer's chat
comes with the service inbox (issue 10), which will read these rows; until then staff copy it.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from zhanggui.catalog.models import KnowledgeEntry
from zhanggui.core.actors import Actor
from zhanggui.core.audit import audit_record
from zhanggui.core.exceptions import ConflictError, ValidationFailed

from ..models import Case, CaseMessage
from ..selectors.guidance import guidance_for_case
from ..states import CaseStatus
from .steps import authorise

BODY_MAX = 4000


def _body(article: KnowledgeEntry | None, body: str) -> str:
    text = (body or "").strip()
    if not text and article is not None:
        text = f"{article.title}\n\n{article.body}"
    if not text:
        raise ValidationFailed.for_field("body", _("Write a message or choose a guide."))
    if len(text) > BODY_MAX:
        raise ValidationFailed.for_field("body", _("Use at most %(count)d characters.") % {"count": BODY_MAX})
    return text


@transaction.atomic
def case_message_send(*, by: Actor, case: Case, article: KnowledgeEntry | None = None, body: str = "") -> CaseMessage:
    """Record guidance to the buyer of ``case``: ``article`` (one of ``guidance_for_case``) and/or
    ``body`` (the guide's own text when left empty). Not on a closed case."""
    authorise(by, "aftersales.create", case)
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.status == CaseStatus.CLOSED:
        raise ConflictError(
            _("After-sales case %(number)s is closed; nothing more is sent from it.") % {"number": case.number},
            code="closed",
        )
    if article is not None and not guidance_for_case(case).filter(pk=article.pk).exists():
        raise ValidationFailed.for_field("article", _("Choose a guide for the goods of this case."))
    message = CaseMessage.objects.create(case=case, article=article, body=_body(article, body), sent_by_id=by.pk)
    audit_record(
        actor=by,
        action="aftersales.case.message",
        obj=case,
        after={"message": message.pk, "article": article.pk if article else None, "body": message.body[:200]},
    )
    return message
