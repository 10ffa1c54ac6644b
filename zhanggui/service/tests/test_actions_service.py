"""Actions of the customer-service context itself from the thread: transfer (转接) to an agent or a
group with a note, a follow-up, a picture from the composer, the status switch on the page."""

from __future__ import annotations

import io
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from zhanggui.core.models import AuditEvent
from zhanggui.service.constants import MessageKind, SenderKind
from zhanggui.service.models import FollowUp, Message

from .workspace_data import english

pytestmark = pytest.mark.django_db
TRANSFER = "/service/workspace/actions/transfer/"
FOLLOW_UP = "/service/workspace/actions/follow-up/"


@pytest.fixture
def held(presale, make_agent, buyer_writes):  # type: ignore[no-untyped-def]
    """小美 holds a pre-sale conversation; 小李 is another online agent of 售前."""
    first = make_agent(presale, capacity=1)
    second = make_agent(presale, status="away")
    conversation = buyer_writes("这件T恤是纯棉的吗").conversation
    assert conversation.assignee == first
    return first, second, conversation


def test_the_transfer_form_offers_the_store_s_other_agents_and_groups(held, presale, aftersale, client_for):
    first, second, conversation = held
    html = english(client_for(first)).get(TRANSFER, {"c": conversation.pk}).content.decode()
    agents = html[html.index('name="to_staff"') :]
    agents = agents[: agents.index("</select>")]
    groups = html[html.index('name="to_group"') :]
    groups = groups[: groups.index("</select>")]
    assert re.findall(r'<option value="(\d+)"', agents) == [str(second.pk)]
    assert re.findall(r'<option value="(\d+)">([^<]+)<', groups) == [
        (str(aftersale.pk), "售后组"),  # groups by kind: after-sale before pre-sale
        (str(presale.pk), "售前组"),
    ]


def test_transfer_to_an_agent_with_a_note(held, client_for):
    # given
    first, second, conversation = held
    # when
    response = client_for(first).post(
        TRANSFER, {"conversation": conversation.pk, "to_staff": second.pk, "to_group": "", "note": "买家要开发票"}
    )
    # then
    assert response.status_code == 200
    assert "ws-done" in json.loads(response["HX-Trigger"])
    conversation.refresh_from_db()
    assert conversation.assignee == second
    event = conversation.events.get(kind="transferred")
    assert (event.from_staff, event.to_staff, event.note) == (first, second, "买家要开发票")


def test_transfer_to_nobody_is_refused_on_the_field_and_changes_nothing(held, client_for):
    first, _second, conversation = held
    response = english(client_for(first)).post(
        TRANSFER, {"conversation": conversation.pk, "to_staff": "", "to_group": "", "note": ""}
    )
    assert response.status_code == 422
    assert "Choose an agent or a group to transfer to." in response.content.decode()
    conversation.refresh_from_db()
    assert conversation.assignee == first
    assert not conversation.events.filter(kind="transferred").exists()


def test_follow_up_from_the_thread(held, client_for):
    # given
    first, _second, conversation = held
    # when
    response = client_for(first).post(
        FOLLOW_UP,
        {"conversation": conversation.pk, "kind": "follow_up", "due_at": "2030-01-02T10:00", "note": "到货后通知"},
    )
    # then
    assert response.status_code == 200
    follow_up = FollowUp.objects.get()
    assert (follow_up.contact, follow_up.conversation, follow_up.note, follow_up.assignee, follow_up.created_by) == (
        conversation.contact,
        conversation,
        "到货后通知",
        first,
        first,
    )
    assert follow_up.due_at.isoformat() == "2030-01-02T02:00:00+00:00"  # 10:00 in Shanghai
    assert AuditEvent.objects.filter(action="service.followup.create").count() == 1
    # and the buyer's pane lists it
    pane = client_for(first).get("/service/workspace/context/", {"c": conversation.pk}).content.decode()
    assert "2030-01-02 10:00" in pane and "到货后通知" in pane


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


def test_a_picture_from_the_composer(held, client_for):
    first, _second, conversation = held
    upload = SimpleUploadedFile("photo.png", _png(), content_type="image/png")
    response = client_for(first).post("/service/workspace/image/", {"conversation": conversation.pk, "image": upload})
    assert response.status_code == 200
    sent = Message.objects.get(sender_kind=SenderKind.AGENT)
    assert sent.kind == MessageKind.IMAGE and sent.image_name.startswith("service/images/")
    thread = client_for(first).get("/service/workspace/conversation/", {"c": conversation.pk}).content.decode()
    assert f'src="/service/messages/{sent.pk}/image"' in thread


def test_a_file_that_is_no_picture_is_refused_and_nothing_is_sent(held, client_for):
    first, _second, conversation = held
    upload = SimpleUploadedFile("photo.png", b"not a picture", content_type="image/png")
    response = client_for(first).post("/service/workspace/image/", {"conversation": conversation.pk, "image": upload})
    assert response.status_code == 422
    assert Message.objects.filter(sender_kind=SenderKind.AGENT).count() == 0


def test_the_page_carries_the_agent_s_status_switch(held, client_for):
    first, _second, _conversation = held
    html = client_for(first).get("/service/").content.decode()
    assert 'id="agent-status-switch"' in html
    assert '<option value="online" selected>' in html
