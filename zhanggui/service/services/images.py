"""Pictures in conversations: a buyer's (the chat widget's upload, a platform's base64 data) and an
agent's.

A picture is judged by its content only (``core.uploads.check_image``: JPEG, PNG or WebP within
``ZHANGGUI_IMAGE_MAX_BYTES`` and the pixel limit), re-encoded without EXIF (a phone photo carries the buyer's
GPS position) and stored under a generated name outside the public media directory, like the
after-sales evidence. It is served only through ``service:message_image`` (staff who may see the
conversation) and the chat widget (the visitor of that conversation).
"""

from __future__ import annotations

import base64
import binascii
import io
import uuid
from typing import IO

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _

from zhanggui.core.exceptions import ValidationFailed
from zhanggui.core.uploads import check_image

IMAGE_DIR = "service/images"  # under MEDIA_ROOT, outside ZHANGGUI_PUBLIC_MEDIA_DIR: never served as is


def message_image_store(*, upload: IO[bytes], field: str = "image") -> str:
    """Check ``upload`` by content, re-encode it and store it; the generated name for
    ``Message.image_name`` (``message_receive(image_name=…)`` or ``message_send(image_name=…)``).

    Raises ``ValidationFailed`` on ``field`` for anything not a picture within the limits; nothing is
    written then. A caller whose message is then refused deletes it (``message_image_delete``).
    """
    checked = check_image(upload, field=field)
    key = uuid.uuid4().hex
    return default_storage.save(f"{IMAGE_DIR}/{key[:2]}/{key}.{checked.extension}", ContentFile(checked.data))


def message_image_from_base64(*, data: str, field: str = "image_base64") -> str:
    """A picture sent inline (a platform webhook, an integration) as base64, checked and stored."""
    try:
        raw = base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ValidationFailed.for_field(field, _("The file is not a JPEG, PNG or WebP picture.")) from exc
    return message_image_store(upload=io.BytesIO(raw), field=field)


def message_image_delete(name: str) -> None:
    if name:
        default_storage.delete(name)
