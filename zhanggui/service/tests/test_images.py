"""Message pictures: checked by content, re-encoded, stored privately, served only in scope."""

from __future__ import annotations

import io

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from PIL import Image

from zhanggui.core.exceptions import ValidationFailed
from zhanggui.service.models import Conversation
from zhanggui.service.services import message_image_store, message_receive, message_send

from .channel_helpers import picture

pytestmark = pytest.mark.django_db


def test_a_picture_is_re_encoded_without_exif_under_a_generated_private_name():
    # given
    out = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    Image.new("RGB", (40, 30), (1, 2, 3)).save(out, "JPEG", exif=exif.tobytes())
    out.seek(0)
    # when
    name = message_image_store(upload=out)
    # then
    assert name.startswith("service/images/") and name.endswith(".jpg")
    with default_storage.open(name, "rb") as stored, Image.open(stored) as image:
        assert image.size == (40, 30)
        assert not image.getexif()


def test_a_file_that_is_not_a_picture_is_refused_on_its_field():
    with pytest.raises(ValidationFailed) as refused:
        message_image_store(upload=io.BytesIO(b"%PDF-1.4 hello"), field="image")
    assert [(e.field, str(e.message)) for e in refused.value.errors] == [
        ("image", "The file is not a JPEG, PNG or WebP picture.")
    ]


def test_a_picture_over_the_size_limit_is_refused_on_its_field():
    big = io.BytesIO(picture().read() + b"\0" * settings.ZHANGGUI_IMAGE_MAX_BYTES)
    with pytest.raises(ValidationFailed) as refused:
        message_image_store(upload=big, field="image")
    assert [(e.field, str(e.message)) for e in refused.value.errors] == [("image", "The picture is larger than 5 MB.")]


def test_staff_who_may_see_the_conversation_get_its_picture_others_not(
    store, other_store, presale, make_agent, make_staff, client_for
):
    # given
    name = message_image_store(upload=picture())
    received = message_receive(store=store, channel="taobao", sender_id="tb_a", kind="image", image_name=name)
    agent = make_agent(presale)
    outsider = make_staff("cs_agent", stores=[other_store])
    url = f"/service/messages/{received.message.pk}/image"
    # then
    response = client_for(agent).get(url)
    assert response.status_code == 200
    assert (response["Content-Type"], response["Cache-Control"]) == ("image/png", "private, max-age=3600")
    assert client_for(outsider).get(url).status_code == 404


def test_an_agent_sends_a_picture_stored_the_same_way(store, presale, make_agent, client_for):
    # given
    agent = make_agent(presale)
    received = message_receive(store=store, channel="taobao", sender_id="tb_a", body="有图吗")
    # when
    name = message_image_store(upload=picture("WEBP"))
    sent = message_send(by=agent, conversation=Conversation.objects.get(), kind="image", image_name=name)
    # then
    assert sent.image_name == name and name.endswith(".webp")
    assert client_for(agent).get(f"/service/messages/{sent.pk}/image").status_code == 200
    assert received.conversation.pk == sent.conversation_id
