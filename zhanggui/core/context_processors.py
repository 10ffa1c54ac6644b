from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .menu import menu_for


def console(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"console_menu": menu_for(user, request.path)}
