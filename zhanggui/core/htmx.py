"""One place decides whether a request wants a whole page or a fragment (NetBox's htmx_partial)."""

from __future__ import annotations

from django.http import HttpRequest


def htmx_partial(request: HttpRequest, target: str | None = None) -> bool:
    """True when htmx asks for a fragment (optionally, for the element ``target``) and not a boosted page."""
    htmx = getattr(request, "htmx", None)
    if not htmx or htmx.boosted or htmx.history_restore_request:
        return False
    return target is None or htmx.target == target
