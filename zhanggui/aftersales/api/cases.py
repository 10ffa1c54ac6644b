"""API of after-sales cases: the queue, one case, and opening a case (mounted at
``/api/v1/aftersales/cases``).

Endpoints parse, find cases through the scoped selectors (another store's case is a 404) and call
the same services as the console. The helpers below are shared by the other areas' endpoints.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Status

from zhanggui.core.api import ApiRouter, Id, PageNumber, api_permission, page_of
from zhanggui.core.exceptions import FieldError, NotFoundError, ServiceError, ValidationFailed

from .. import selectors, services
from ..models import Case, CaseSource
from ..selectors.reasons import reason_list
from .schemas.cases import CaseCreateIn, CaseDetailOut, CaseFilters, CasePageOut

router = ApiRouter(tags=["aftersales"])


def case_of(request: HttpRequest, case_id: int) -> Case:
    """One case of the caller's stores, with its lines, refunds, evidence and messages."""
    return selectors.case_get(user=request.auth, case_id=case_id)


def detail(request: HttpRequest, case: Case) -> Case:
    """The case re-read after a change."""
    return case_of(request, case.pk)


@contextmanager
def body_fields(names: dict[str, str]) -> Iterator[None]:
    """Field errors of a service named as the request body names the field (``reason`` → ``reason_id``)."""
    try:
        yield
    except ServiceError as exc:
        exc.errors = [FieldError(names.get(error.field, error.field), error.message) for error in exc.errors]
        raise


# --- reading -----------------------------------------------------------------------------------
@router.get("", response=CasePageOut, summary="List after-sales cases")
@api_permission("aftersales.view")
def case_list(request: HttpRequest, filters: Query[CaseFilters], pagination: Query[PageNumber.Input]) -> Any:
    """Cases of your stores, the soonest due first, then the newest, without their lines (see the
    case for those). ``?page=1&page_size=50`` (max 200)."""
    return page_of(selectors.case_list(user=request.auth, filters=filters.selector_filters()), pagination)


@router.get("/{int:case_id}", response=CaseDetailOut, summary="Get an after-sales case")
@api_permission("aftersales.view")
def case_get(request: HttpRequest, case_id: Id) -> Any:
    """The case with its lines (each with its order line's money now), refunds, evidence photos and
    the guidance sent to the buyer."""
    return case_of(request, case_id)


# --- opening a case ----------------------------------------------------------------------------
@router.post("", response={201: CaseDetailOut}, summary="Open an after-sales case")
@api_permission("aftersales.create")
def case_create(request: HttpRequest, data: CaseCreateIn) -> Any:
    """A buyer's request on a paid order of your stores (201). One open case per order line at a
    time; the amounts asked are checked against what each line can still pay back (422 naming
    ``lines.<n>.amount``). A refund-only request before shipment covers the whole order. The
    store's automatic approval may approve and refund it at once."""
    try:
        order = selectors.case_order_get(user=request.auth, order_id=data.order_id)
    except NotFoundError as exc:
        raise ValidationFailed.for_field("order_id", _("No such order.")) from exc
    reason = reason_list(active_only=True).filter(pk=data.reason_id).first()  # None: refused by the service
    with body_fields({"reason": "reason_id"}):
        case = services.case_create(
            by=request.auth,
            order=order,
            type=data.type,
            reason=reason,
            lines=data.line_inputs(),
            description=data.description,
            source=CaseSource.API,
            platform_case_id=data.platform_case_id,
            conversation_ref=data.conversation_ref,
        )
    return Status(201, detail(request, case))
