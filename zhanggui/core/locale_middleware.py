"""The console's language: the one the staff member chose (cookie), else Chinese.

Django's LocaleMiddleware would follow the browser's Accept-Language, so a team on English
browsers would land in English; the design makes Chinese the default. API clients may still ask
for a language with Accept-Language.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers

SUPPORTED = {code for code, _name in settings.LANGUAGES}


def request_language(request: HttpRequest) -> str:
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if chosen in SUPPORTED:
        return chosen
    if request.path.startswith("/api/"):
        asked = translation.get_language_from_request(request)
        if asked in SUPPORTED:
            return asked
    return settings.LANGUAGE_CODE


class ConsoleLocaleMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = request_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language  # type: ignore[attr-defined]
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie", "Accept-Language"))
        response.headers.setdefault("Content-Language", language)
        return response
