"""The website chat widget in Chromium (phone size, Chinese): a visitor writes, sees their message
once stored, and sees the agent's answer arrive while the page keeps up with its thread."""

from __future__ import annotations

import threading

import pytest

from zhanggui.service.models import Conversation, Message
from zhanggui.service.services import message_send

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_visitor_writes_and_sees_the_answer_arrive(browser, live_server, store, make_agent):
    # given
    context = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 760})
    context.set_default_timeout(15_000)
    page = context.new_page()
    failed: list[str] = []
    # A missing file (a script or style) or a script error; SQLite may refuse one poll while the
    # live server writes (the page polls again), so other statuses are not the point here.
    page.on("response", lambda r: failed.append(r.url) if r.status == 404 and "favicon" not in r.url else None)
    page.on("pageerror", lambda error: failed.append(str(error)))
    agent = make_agent()
    try:
        page.goto(f"/chat/{store.code}")
        assert page.locator("button.chat-send").inner_text() == "发送"
        # when
        page.fill("#chat-text", "这件有L码吗")
        page.click("button.chat-send")
        # then
        page.locator(".msg-buyer .bubble", has_text="这件有L码吗").wait_for()
        assert Message.objects.get().body == "这件有L码吗"
        # The agent answers from another thread: this one runs Playwright's event loop, and the
        # answer is told to sockets through async_to_sync once it commits.
        answering = threading.Thread(
            target=lambda: message_send(by=agent, conversation=Conversation.objects.get(), body="有的，亲")
        )
        answering.start()
        answering.join()
        page.locator(".msg-agent .bubble", has_text="有的，亲").wait_for()
        assert page.locator(".msg").count() == 2
        assert failed == []
    finally:
        context.close()
