"""The website chat widget (``/chat/<store code>``): a public page where a visitor writes to the shop.

No login: the visitor is the random id in a signed, HttpOnly cookie, and sees only their own thread.
Every message is stored (``chat_message_receive``) before it is shown; sending is rate-limited per
visitor and per address. Answers arrive over the buyer websocket (its signed token:
``selectors.live.chat_visitor_token``), and the page polls its history every few seconds anyway
while the socket is down. Mounted by the project's urls under the ``chat`` namespace.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.core.signing import BadSignature
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import ensure_csrf_cookie

from zhanggui.core import policy
from zhanggui.core.exceptions import NotFoundError, ServiceError
from zhanggui.core.middleware import request_ip
from zhanggui.core.views.base import ConsoleView

from .. import selectors, services
from ..selectors import live as live_selectors
from ..states import ConversationStatus
from .images import image_response

app_name = "chat"

COOKIE = "zg_chat_visitor"
COOKIE_SALT = "service.chat.visitor.cookie"
COOKIE_AGE = 365 * 24 * 3600
POLL_SECONDS = 3


def visitor_of(request: HttpRequest) -> str | None:
    try:
        value = request.get_signed_cookie(COOKIE, salt=COOKIE_SALT, max_age=COOKIE_AGE)
    except (KeyError, BadSignature):
        return None
    return value if value and len(value) <= 40 else None


def _visitor_cookie(request: HttpRequest, response: HttpResponse, visitor_id: str) -> None:
    response.set_signed_cookie(
        COOKIE,
        visitor_id,
        salt=COOKIE_SALT,
        max_age=COOKIE_AGE,
        httponly=True,
        samesite="Lax",
        path="/chat/",
        secure=request.is_secure(),
    )


def _client_ip(request: HttpRequest) -> str:
    # Behind nginx REMOTE_ADDR is the proxy: every visitor would share one address's limit.
    return request_ip(request) or ""


def _shown(store_code: str, data: dict[str, Any]) -> dict[str, Any]:
    data["image_url"] = reverse("chat:image", args=[store_code, data["id"]]) if data.get("has_image") else ""
    return data


def _queue_position(store: Any, visitor_id: str) -> int | None:
    """How many buyers wait before this one (1: next), while the visitor's conversation is queued."""
    conversation = selectors.chat_visitor_conversation(store=store, visitor_id=visitor_id)
    if conversation is None or conversation.status != ConversationStatus.QUEUED:
        return None
    return selectors.queue_position(conversation=conversation)


def _socket_url(request: HttpRequest, store: Any, visitor_id: str) -> str:
    """The buyer websocket's URL with the visitor's signed token."""
    scheme = "wss" if request.is_secure() else "ws"
    token = live_selectors.chat_visitor_token(store.pk, visitor_id)
    return f"{scheme}://{request.get_host()}/ws/chat/{store.code}/?token={token}"


@method_decorator(ensure_csrf_cookie, name="get")
class ChatPageView(ConsoleView):
    """The chat page; gives a new visitor their cookie."""

    permission = policy.PUBLIC

    def get(self, request: HttpRequest, store_code: str) -> HttpResponse:
        store, settings = selectors.chat_store(store_code)
        visitor_id = visitor_of(request) or secrets.token_urlsafe(16)
        context = {
            "store": store,
            "title": (settings.widget_title if settings else "") or store.name,
            "welcome": settings.welcome_reply if settings else "",
            "messages_url": reverse("chat:messages", args=[store.code]),
            "socket_url": _socket_url(request, store, visitor_id),
            "poll_ms": POLL_SECONDS * 1000,
        }
        response = render(request, "service/chat.html", context)
        _visitor_cookie(request, response, visitor_id)
        return response


def _error(error: ServiceError) -> JsonResponse:
    body = {
        "code": error.code,
        "message": str(error.message),
        "errors": [{"field": e.field, "message": str(e.message)} for e in error.errors],
    }
    return JsonResponse(body, status=error.status)


class ChatMessagesView(ConsoleView):
    """GET ``?after=<id>``: the visitor's messages as JSON (the page's catch-up); POST: send one
    (``text`` or an ``image`` file; optional ``nickname``, ``phone``, ``order_number``, ``client_id``)."""

    permission = policy.PUBLIC

    def get(self, request: HttpRequest, store_code: str) -> HttpResponse:
        store, _settings = selectors.chat_store(store_code)
        visitor_id = visitor_of(request)
        if visitor_id is None:
            return JsonResponse({"messages": [], "queue_position": None})
        after = request.GET.get("after", "")
        after_id = int(after) if after.isdigit() else None
        messages = selectors.chat_history(store=store, visitor_id=visitor_id, after_id=after_id)
        return JsonResponse(
            {
                "messages": [_shown(store.code, m) for m in messages],
                "queue_position": _queue_position(store, visitor_id),
            }
        )

    def post(self, request: HttpRequest, store_code: str) -> HttpResponse:
        store, _settings = selectors.chat_store(store_code)
        visitor_id = visitor_of(request) or secrets.token_urlsafe(16)
        wants_json = "application/json" in request.headers.get("Accept", "")
        try:
            received = services.chat_message_receive(
                store=store,
                visitor_id=visitor_id,
                ip=_client_ip(request),
                text=request.POST.get("text", ""),
                upload=request.FILES.get("image"),
                client_id=request.POST.get("client_id", "")[:64],
                nickname=request.POST.get("nickname", ""),
                phone=request.POST.get("phone", ""),
                order_number=request.POST.get("order_number", ""),
            )
        except ServiceError as error:
            response: HttpResponse = _error(error)
        except ValidationError as error:  # a malformed upload Django itself refuses
            response = JsonResponse({"code": "invalid", "message": " ".join(error.messages), "errors": []}, status=422)
        else:
            if wants_json:
                data = live_selectors.buyer_message_data(live_selectors.message_data(received.message))
                response = JsonResponse({"message": _shown(store.code, data)}, status=201 if received.created else 200)
            else:
                response = HttpResponseRedirect(reverse("chat:page", args=[store.code]))
        _visitor_cookie(request, response, visitor_id)
        return response


class ChatImageView(ConsoleView):
    """A picture of the visitor's own conversation; 404 for anyone else's."""

    permission = policy.PUBLIC

    def get(self, request: HttpRequest, store_code: str, pk: int) -> HttpResponse:
        store, _settings = selectors.chat_store(store_code)
        visitor_id = visitor_of(request)
        if visitor_id is None:
            raise NotFoundError()
        return image_response(selectors.chat_image_file(store=store, visitor_id=visitor_id, message_id=pk))


urlpatterns = [
    path("<slug:store_code>", ChatPageView.as_view(), name="page"),
    path("<slug:store_code>/messages", ChatMessagesView.as_view(), name="messages"),
    path("<slug:store_code>/images/<int:pk>", ChatImageView.as_view(), name="image"),
]
