"""The after-sales state machine (DESIGN.md): one table of allowed steps, enforced by the services.

``requested`` → ``reviewing`` → ``approved`` | ``rejected``. What follows an approval depends on the
case type: a refund-only case is refunded, a reissue gets its replacement order, and a case that
sends goods back waits for them (``awaiting_return`` → ``received`` → ``inspected``), then ends
``refunded``, ``exchanged`` or ``repaired`` (or ``rejected`` when the goods fail inspection). Every
resolved or refused case ends ``closed``; a buyer may withdraw an open request (→ ``closed``).
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from zhanggui.core.exceptions import ConflictError

# The labels carry the context "after-sales case": a case's "Closed" or "Approved" reads differently
# from an order's (交易关闭, 审核通过), and one catalogue serves every app.


class CaseType(models.TextChoices):
    REFUND_ONLY = "refund_only", pgettext_lazy("after-sales case", "Refund only")  # 仅退款
    RETURN_REFUND = "return_refund", pgettext_lazy("after-sales case", "Return and refund")  # 退货退款
    EXCHANGE = "exchange", pgettext_lazy("after-sales case", "Exchange")  # 换货
    REISSUE = "reissue", pgettext_lazy("after-sales case", "Reissue")  # 补发
    REPAIR = "repair", pgettext_lazy("after-sales case", "Repair")  # 维修


class CaseStatus(models.TextChoices):
    REQUESTED = "requested", pgettext_lazy("after-sales case", "Requested")  # 待处理
    REVIEWING = "reviewing", pgettext_lazy("after-sales case", "Reviewing")  # 审核中
    APPROVED = "approved", pgettext_lazy("after-sales case", "Approved")  # 已同意
    REJECTED = "rejected", pgettext_lazy("after-sales case", "Refused")  # 已拒绝
    AWAITING_RETURN = "awaiting_return", pgettext_lazy("after-sales case", "Awaiting return")  # 待买家退货
    RECEIVED = "received", pgettext_lazy("after-sales case", "Received")  # 已收货
    INSPECTED = "inspected", pgettext_lazy("after-sales case", "Inspected")  # 已验货
    REFUNDED = "refunded", pgettext_lazy("after-sales case", "Refunded")  # 已退款
    EXCHANGED = "exchanged", pgettext_lazy("after-sales case", "Exchanged")  # 已换货
    REPAIRED = "repaired", pgettext_lazy("after-sales case", "Repaired")  # 已维修
    REISSUED = "reissued", pgettext_lazy("after-sales case", "Reissued")  # 已补发
    CLOSED = "closed", pgettext_lazy("after-sales case", "Closed")  # 已关闭


T, S = CaseType, CaseStatus

TRANSITIONS: dict[str, frozenset[str]] = {
    S.REQUESTED: frozenset({S.REVIEWING, S.APPROVED, S.REJECTED, S.CLOSED}),
    S.REVIEWING: frozenset({S.APPROVED, S.REJECTED, S.CLOSED}),
    S.APPROVED: frozenset({S.AWAITING_RETURN, S.REFUNDED, S.REISSUED, S.CLOSED}),
    S.REJECTED: frozenset({S.REVIEWING, S.CLOSED}),
    S.AWAITING_RETURN: frozenset({S.RECEIVED, S.CLOSED}),
    S.RECEIVED: frozenset({S.INSPECTED}),
    S.INSPECTED: frozenset({S.REFUNDED, S.EXCHANGED, S.REPAIRED, S.REJECTED}),
    S.REFUNDED: frozenset({S.CLOSED}),
    S.EXCHANGED: frozenset({S.CLOSED}),
    S.REPAIRED: frozenset({S.CLOSED}),
    S.REISSUED: frozenset({S.CLOSED}),
    S.CLOSED: frozenset(),
}

# Waiting for the shop to answer: the platform's deadline runs.
UNANSWERED: frozenset[str] = frozenset({S.REQUESTED, S.REVIEWING})
# Done with: nothing more is expected from anyone (a refused case may still be reopened).
RESOLVED: frozenset[str] = frozenset({S.REFUNDED, S.EXCHANGED, S.REPAIRED, S.REISSUED})
FINISHED: frozenset[str] = RESOLVED | {S.REJECTED, S.CLOSED}
OPEN: frozenset[str] = frozenset(set(S.values) - FINISHED)
# A buyer may withdraw until the goods are on their way back.
WITHDRAWABLE: frozenset[str] = frozenset({S.REQUESTED, S.REVIEWING, S.APPROVED, S.AWAITING_RETURN})

# Which types send goods back to the shop, and where an approval leads for each type.
GOODS_BACK: frozenset[str] = frozenset({T.RETURN_REFUND, T.EXCHANGE, T.REPAIR})
AFTER_APPROVAL: dict[str, str] = {
    T.REFUND_ONLY: S.APPROVED,
    T.RETURN_REFUND: S.AWAITING_RETURN,
    T.EXCHANGE: S.AWAITING_RETURN,
    T.REPAIR: S.AWAITING_RETURN,
    T.REISSUE: S.APPROVED,
}
# The resolution each type ends in.
RESOLUTION: dict[str, str] = {
    T.REFUND_ONLY: S.REFUNDED,
    T.RETURN_REFUND: S.REFUNDED,
    T.EXCHANGE: S.EXCHANGED,
    T.REPAIR: S.REPAIRED,
    T.REISSUE: S.REISSUED,
}
# Types that pay money back, and types that send goods out again.
REFUNDING: frozenset[str] = frozenset({T.REFUND_ONLY, T.RETURN_REFUND})


def status_label(status: str) -> str:
    return str(CaseStatus(status).label)


def is_allowed(from_status: str, to_status: str) -> bool:
    return to_status in TRANSITIONS.get(from_status, frozenset())


def transition_check(case: Any, to: str) -> None:
    """Raise ConflictError unless ``case`` may move from its status to ``to``."""
    status = case.status
    if not is_allowed(status, to):
        raise ConflictError(
            _("After-sales case %(number)s cannot go from “%(from)s” to “%(to)s”.")
            % {"number": case.number, "from": status_label(status), "to": status_label(to)},
            code="invalid_transition",
        )
