"""会话记录: the history searched by buyer, order number and message words; the transcript page;
the export masks the buyer's phone, is audited, and is refused to agents without a trace."""

from __future__ import annotations

import csv
import io

import pytest

from zhanggui.core.models import AuditEvent
from zhanggui.orders.models import Buyer, Order
from zhanggui.service.constants import Channel
from zhanggui.service.selectors import conversation_history
from zhanggui.service.services import conversation_export, message_send, note_add


@pytest.fixture
def lead(make_agent):  # type: ignore[no-untyped-def]
    return make_agent(role="cs_lead")


@pytest.fixture
def agent(make_agent, presale):  # type: ignore[no-untyped-def]
    return make_agent(presale, status="offline")


@pytest.fixture
def threads(buyer_writes, store, lead):  # type: ignore[no-untyped-def]
    """Two conversations: 小王 by phone about an order (answered, with a note), 小李 on Taobao."""
    buyer = Buyer.objects.create(store=store, nickname="小王", phone="13812341234")
    Order.objects.create(store=store, buyer=buyer, platform_order_id="T888", status="paid")
    first = buyer_writes(
        "订单T888什么时候发货",
        sender="13812341234",
        channel=Channel.PHONE,
        nickname="小王",
        phone="13812341234",
        order_number="T888",
    ).conversation
    message_send(by=lead, conversation=first, body="今天发出")
    note_add(by=lead, conversation=first, body="内部：催仓库")
    second = buyer_writes("有没有优惠券", sender="tb_小李", nickname="小李").conversation
    return first, second


def test_history_filters_by_nickname_order_and_message_words(lead, threads):
    first, second = threads
    assert list(conversation_history(user=lead, filters={"nickname": "小李"})) == [second]
    assert list(conversation_history(user=lead, filters={"order_number": "T888"})) == [first]
    assert list(conversation_history(user=lead, filters={"keyword": "优惠"})) == [second]
    assert list(conversation_history(user=lead, filters={"keyword": "催仓库"})) == []  # notes are not searched
    counted = {c.pk: c.message_count for c in conversation_history(user=lead)}
    assert counted == {first.pk: 2, second.pk: 1}


def test_the_history_page_lists_and_links_to_the_transcript(client_for, lead, threads):
    first, _second = threads
    page = client_for(lead).get("/service/history/", {"order_number": "T888"})
    assert page.status_code == 200
    text = page.content.decode()
    assert f'href="/service/conversations/{first.pk}/"' in text
    assert "小李" not in text


def test_the_transcript_shows_messages_and_notes_with_the_phone_masked(client_for, lead, threads):
    first, _second = threads
    page = client_for(lead).get(f"/service/conversations/{first.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert ("订单T888什么时候发货" in text, "今天发出" in text, "内部：催仓库" in text) == (True, True, True)
    assert ("138****1234" in text, "13812341234" in text) == (True, False)


def test_an_agent_cannot_open_another_groups_transcript(client_for, agent, buyer_writes, aftersale):
    other = buyer_writes("我要投诉", sender="tb_other").conversation
    assert client_for(agent).get(f"/service/conversations/{other.pk}/").status_code == 404


def test_the_export_is_one_row_per_message_masked_and_audited(lead, threads):
    first, second = threads
    # when
    exported = conversation_export(by=lead, filters={}, file_format="csv")
    # then
    rows = list(csv.reader(io.StringIO(exported.read().decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    assert header[:6] == ["Conversation", "Store", "Channel", "Buyer nickname", "Phone", "Email"]
    assert [(int(r[0]), r[3], r[4], r[-1]) for r in body] == [
        (first.pk, "小王", "138****1234", "订单T888什么时候发货"),
        (first.pk, "小王", "138****1234", "今天发出"),
        (first.pk, "小王", "138****1234", "内部：催仓库"),
        (second.pk, "小李", "", "有没有优惠券"),
    ]
    event = AuditEvent.objects.get(action="service.conversation.export")
    assert (event.actor_id, event.after) == (lead.pk, {"rows": 4, "format": "csv", "unmasked": False})


def test_the_console_export_is_an_xlsx_of_the_filtered_conversations(client_for, lead, threads):
    answer = client_for(lead).get("/service/history/", {"nickname": "小李", "export": "xlsx"})
    assert answer.status_code == 200
    assert answer["Content-Disposition"].startswith('attachment; filename="conversations-')
    assert AuditEvent.objects.get(action="service.conversation.export").after["rows"] == 1


def test_an_agent_may_not_export_and_leaves_no_trace(client_for, agent, threads):
    answer = client_for(agent).get("/service/history/", {"export": "csv"})
    assert answer.status_code == 403
    assert not AuditEvent.objects.filter(action="service.conversation.export").exists()
