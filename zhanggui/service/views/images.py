"""The one door to a conversation's stored picture for staff (``service:message_image``)."""

from __future__ import annotations

from django.http import FileResponse, HttpRequest, HttpResponse
from django.urls import path

from zhanggui.core.views.base import ConsoleView

from .. import selectors
from ..selectors import ImageFile


def image_response(stored: ImageFile) -> FileResponse:
    response = FileResponse(stored.file, content_type=stored.content_type)
    response["Cache-Control"] = "private, max-age=3600"  # a buyer's picture: never in a shared cache
    response["X-Content-Type-Options"] = "nosniff"
    return response


class MessageImageView(ConsoleView):
    """A message's picture, for staff who may see its conversation (404 otherwise)."""

    permission = "service.view"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return image_response(selectors.message_image_file(user=request.user, message_id=pk))


urlpatterns = [path("messages/<int:pk>/image", MessageImageView.as_view(), name="message_image")]
