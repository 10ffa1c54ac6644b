"""Reads for requests coming in from the platforms (files and webhooks): which of our reasons a
platform's reason text is, and which line of an order a request names."""

from __future__ import annotations

from collections.abc import Iterable

from zhanggui.orders.models import Order, OrderLine

from ..constants import OTHER_REASON, PLATFORM_REASON_ALIASES
from ..models import Case, Reason

_NOISE = str.maketrans("", "", " \u3000，,：:（）()、。.·")


def text_key(text: str) -> str:
    """A platform text compared without spaces, punctuation or case (full- and half-width alike)."""
    return text.translate(_NOISE).replace("／", "/").lower()


_ALIASES = {text_key(alias): code for alias, code in PLATFORM_REASON_ALIASES.items()}


def reason_match(text: str, reasons: Iterable[Reason] | None = None) -> tuple[Reason | None, bool]:
    """Our active reason for a platform's reason text, and whether the text named it: (reason, True)
    when the text is a reason's name or a known platform wording; else the "other" reason and False."""
    active = list(reasons) if reasons is not None else list(Reason.objects.filter(is_active=True))
    key = text_key(text)
    if key:
        by_name = {text_key(reason.name): reason for reason in active}
        found = by_name.get(key)
        if found is None and key in _ALIASES:
            found = next((reason for reason in active if reason.code == _ALIASES[key]), None)
        if found is not None:
            return found, True
    return next((reason for reason in active if reason.code == OTHER_REASON), None), False


def order_line_find(order: Order, *, merchant_code: str = "", title: str = "") -> OrderLine | None:
    """The line of ``order`` a platform request names: by merchant code (商家编码), else by title,
    else the order's only line; None when it names none or several."""
    lines = list(order.lines.all())
    for key, wanted in (("merchant_code", merchant_code.strip()), ("title", title.strip())):
        if not wanted:
            continue
        found = [line for line in lines if getattr(line, key).strip().lower() == wanted.lower()]
        if len(found) == 1:
            return found[0]
        if found:
            return None
    if merchant_code.strip() and any(line.merchant_code for line in lines):
        return None  # it names a code none of the lines has: not the only line by default
    return lines[0] if len(lines) == 1 else None


def platform_cases(*, store_id: int, numbers: Iterable[str]) -> dict[str, tuple[int, int, str]]:
    """The store's cases by platform number: (case id, order id, status)."""
    wanted = [number for number in dict.fromkeys(numbers) if number]
    found: dict[str, tuple[int, int, str]] = {}
    for start in range(0, len(wanted), 500):
        rows = Case.objects.filter(store_id=store_id, platform_case_id__in=wanted[start : start + 500])
        for pk, number, order_id, status in rows.values_list("pk", "platform_case_id", "order_id", "status"):
            found[number] = (pk, order_id, status)
    return found


def platform_order_get(*, store_id: int, number: str) -> Order | None:
    """The store's order of a platform's order number, with its lines (what a platform report names)."""
    return Order.objects.filter(store_id=store_id, platform_order_id=number).prefetch_related("lines").first()
