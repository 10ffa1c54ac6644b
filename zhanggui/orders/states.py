"""The order state machine (DESIGN.md): one table of allowed transitions, enforced by the services.

Every status change goes through ``transition_check``; the audit row of the change records the
statuses it passed through (``status_path``), so the log can be checked against this table.
Beside it, where a parcel is (``LogisticsStatus``), read from the carrier's tracking texts.
"""

from __future__ import annotations

import re
from collections import deque
from typing import Any

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhanggui.core.exceptions import ConflictError


class OrderStatus(models.TextChoices):
    PENDING_PAYMENT = "pending_payment", gettext_lazy("Awaiting payment")  # 待付款
    PAID = "paid", gettext_lazy("Paid")  # 已付款
    UNDER_REVIEW = "under_review", gettext_lazy("Under review")  # 待审核
    AWAITING_SHIPMENT = "awaiting_shipment", gettext_lazy("Awaiting shipment")  # 待发货
    SHIPPED = "shipped", gettext_lazy("Shipped")  # 已发货
    DELIVERED = "delivered", gettext_lazy("Delivered")  # 已签收
    COMPLETED = "completed", gettext_lazy("Completed")  # 交易成功
    CLOSED = "closed", gettext_lazy("Closed")  # 交易关闭


S = OrderStatus

# from → the statuses an order may move to next. ``closed`` is reachable only before shipment:
# unpaid orders time out or are cancelled; paid ones close on a cancel or full refund.
TRANSITIONS: dict[str, frozenset[str]] = {
    S.PENDING_PAYMENT: frozenset({S.PAID, S.CLOSED}),
    S.PAID: frozenset({S.UNDER_REVIEW, S.AWAITING_SHIPMENT, S.CLOSED}),
    S.UNDER_REVIEW: frozenset({S.AWAITING_SHIPMENT, S.CLOSED}),
    S.AWAITING_SHIPMENT: frozenset({S.SHIPPED, S.CLOSED}),
    S.SHIPPED: frozenset({S.DELIVERED}),
    S.DELIVERED: frozenset({S.COMPLETED}),
    S.COMPLETED: frozenset(),
    S.CLOSED: frozenset(),
}

# Paid, not yet shipped: the order holds (or tries to hold) stock and may still be edited.
BEFORE_SHIPMENT: frozenset[str] = frozenset({S.PENDING_PAYMENT, S.PAID, S.UNDER_REVIEW, S.AWAITING_SHIPMENT})
OPEN_PAID: frozenset[str] = frozenset({S.PAID, S.UNDER_REVIEW, S.AWAITING_SHIPMENT})

# How far along an order is as a platform sees it; a platform update never moves an order back.
# Our review statuses are finer steps of the platform's "paid".
PROGRESS: dict[str, int] = {
    S.PENDING_PAYMENT: 0,
    S.PAID: 1,
    S.UNDER_REVIEW: 1,
    S.AWAITING_SHIPMENT: 1,
    S.SHIPPED: 2,
    S.DELIVERED: 3,
    S.COMPLETED: 4,
    S.CLOSED: 5,
}


def status_label(status: str) -> str:
    return str(OrderStatus(status).label)


def is_allowed(from_status: str, to_status: str) -> bool:
    return to_status in TRANSITIONS.get(from_status, frozenset())


def transition_check(order: Any, to: str) -> None:
    """Raise ConflictError unless ``order`` may move from its status to ``to``."""
    if not is_allowed(order.status, to):
        raise ConflictError(
            _("Order %(number)s cannot go from “%(from)s” to “%(to)s”.")
            % {"number": order.platform_order_id, "from": status_label(order.status), "to": status_label(to)},
            code="invalid_transition",
        )


def transition_path(from_status: str, to_status: str) -> list[str] | None:
    """The shortest chain of allowed steps from one status to another (both ends included), or None."""
    queue: deque[list[str]] = deque([[from_status]])
    seen = {from_status}
    while queue:
        path = queue.popleft()
        if path[-1] == to_status:
            return path
        for following in sorted(TRANSITIONS[path[-1]]):
            if following not in seen:
                seen.add(following)
                queue.append([*path, following])
    return None


# --- where the parcel is (物流状态) ----------------------------------------------------------------
class LogisticsStatus(models.TextChoices):
    """Where a parcel is, as the carrier's latest tracking news says; derived by ``logistics_status_of``."""

    COLLECTED = "collected", gettext_lazy("Collected")  # 揽收
    IN_TRANSIT = "in_transit", gettext_lazy("In transit")  # 运输中
    OUT_FOR_DELIVERY = "out_for_delivery", gettext_lazy("Out for delivery")  # 派送中
    SIGNED = "signed", gettext_lazy("Signed")  # 已签收
    EXCEPTION = "exception", gettext_lazy("Exception")  # 异常


L = LogisticsStatus

# A whole cell that is a status word (a 状态 column, 中通's 扫描类型) or a code, before any search.
LOGISTICS_WORDS: dict[str, str] = {
    **{code: code for code in L.values},
    **dict.fromkeys(("揽收", "已揽收", "揽件", "已揽件", "收件", "已收件", "收寄", "已收寄"), L.COLLECTED),
    **dict.fromkeys(("运输中", "在途", "发件", "到件", "中转", "转运中"), L.IN_TRANSIT),
    **dict.fromkeys(("派送中", "派送", "派件", "派件中", "配送中"), L.OUT_FOR_DELIVERY),
    **dict.fromkeys(("签收", "已签收", "妥投", "已妥投", "代收", "已代收"), L.SIGNED),
    **dict.fromkeys(("异常", "问题件", "疑难件", "退回", "拒收", "滞留"), L.EXCEPTION),
}

# The keyword rule over a carrier's status text, tried in this order; the first that matches wins.
# Trouble outranks everything a text also says ("派送不成功", "拒收后退回"); a parcel left in a locker
# or a pickup station ("已放入快递柜，请凭取件码取件", "已被菜鸟驿站代收") is out of the carrier's hands
# and counts as signed, as the carriers report it; "待签收" (awaiting signature) does not.
LOGISTICS_KEYWORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        L.EXCEPTION,
        re.compile(
            r"异常|问题件|疑难|退回|退件|拒收|拒签|滞留|派送失败|派送不成功|无法派送|投递失败|破损|丢失|遗失|延误"
        ),
    ),
    (L.SIGNED, re.compile(r"(?<![待等])签收|代收|妥投|已放入|已存放|取件码|待取件")),
    (L.OUT_FOR_DELIVERY, re.compile(r"派送|派件|投递|配送员|开始配送|正在配送|正在为您配送")),
    (L.COLLECTED, re.compile(r"揽收|揽件|已收件|收取快件|已收取|收寄")),
    (L.IN_TRANSIT, re.compile(r"运输|在途|到达|已到|发往|发出|发车|离开|中转|转运|分拣|装车|航班|干线")),
)

# How far along each status is; an order with several parcels is as far as its slowest one.
LOGISTICS_PROGRESS: dict[str, int] = {L.COLLECTED: 0, L.IN_TRANSIT: 1, L.OUT_FOR_DELIVERY: 2, L.SIGNED: 3}


def logistics_status_of(text: str) -> str:
    """The status a carrier's tracking text reports (``LOGISTICS_KEYWORDS``); "" when it says none."""
    text = "".join(text.split())
    if word := LOGISTICS_WORDS.get(text.lower()):
        return word
    for status, pattern in LOGISTICS_KEYWORDS:
        if pattern.search(text):
            return status
    return ""


def order_logistics_status(shipment_statuses: list[str]) -> str:
    """An order's status from its parcels': 异常 if any parcel is in trouble, else the slowest parcel's
    (parcels without news left out); "" when none has news."""
    known = [status for status in shipment_statuses if status]
    if not known:
        return ""
    if L.EXCEPTION in known:
        return L.EXCEPTION
    return min(known, key=LOGISTICS_PROGRESS.__getitem__)
