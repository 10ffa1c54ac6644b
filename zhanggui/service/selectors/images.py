"""One message's stored picture, for staff who may see its conversation (the widget's own reader
is ``selectors.chat``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO

from django.core.files.storage import default_storage

from zhanggui.core.actors import Actor
from zhanggui.core.exceptions import NotFoundError

from ..models import Message
from .conversations import conversation_scope

CONTENT_TYPES = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}


@dataclass(frozen=True)
class ImageFile:
    """An open stored picture and its content type; the caller closes ``file``."""

    file: IO[bytes]
    content_type: str


def image_file_open(name: str) -> ImageFile:
    if not name:
        raise NotFoundError()
    try:
        file = default_storage.open(name, "rb")
    except FileNotFoundError as exc:
        raise NotFoundError() from exc
    return ImageFile(file=file, content_type=CONTENT_TYPES.get(name.rsplit(".", 1)[-1], "application/octet-stream"))


def message_image_file(*, user: Actor, message_id: int) -> ImageFile:
    """The picture of a message in a conversation ``user`` may see; missing otherwise."""
    message = Message.objects.filter(pk=message_id, conversation__in=conversation_scope(user)).first()
    if message is None or not message.image_name:
        raise NotFoundError()
    return image_file_open(message.image_name)
