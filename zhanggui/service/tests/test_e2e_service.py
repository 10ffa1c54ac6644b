"""The workspace and the website chat in two browsers at once, over real websockets.

A buyer writes on the chat widget at ``/chat/<store>``; the agent, signed in and online, sees the
conversation arrive in 我的 and the next message in the open thread without reloading; answers with a
canned reply chosen by typing "/", its variables filled; changes the order's address from the buyer's
pane (the province chosen from the select); the buyer sees the answer arrive on the widget.

Websockets need the ASGI application, which Django's ``live_server`` (WSGI, HTTP only) does not run:
the test serves ``zhanggui.asgi.application`` with uvicorn in a thread of this process, so the
in-memory channel layer of the test settings and the test database are the ones both sides use.
"""

from __future__ import annotations

import datetime as dt
import socket
import threading
import time
from collections.abc import Iterator

import pytest
from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler

from zhanggui.orders.models import Order
from zhanggui.service.models import CannedReply, Conversation, ServiceSettings
from zhanggui.testing.factories import PASSWORD

from .workspace_data import goods_make, order_make

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
VIEWPORT = {"width": 1366, "height": 768}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def asgi_server(transactional_db) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """``zhanggui.asgi.application`` (HTTP, static files and websockets) under uvicorn, in a thread."""
    import uvicorn

    from zhanggui.asgi import application

    port = _free_port()
    config = uvicorn.Config(
        ASGIStaticFilesHandler(application), host="127.0.0.1", port=port, log_level="warning", lifespan="off"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="uvicorn-e2e", daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


@pytest.fixture
def shop(store, presale, make_agent):  # type: ignore[no-untyped-def]
    """The store open round the clock, its order T1001 of tb_小王 (to 浙江省杭州市), an online agent of
    售前 (小美), and the team's canned reply /改地址 with two variables."""
    ServiceSettings.objects.create(
        store=store, opens_at=dt.time(0, 0), closes_at=dt.time(23, 59, 59), workdays=[0, 1, 2, 3, 4, 5, 6]
    )
    goods_make(store)
    order = order_make(store, "T1001")
    agent = make_agent(presale)
    agent.username, agent.display_name = "xiaomei", "小美"
    agent.save(update_fields=["username", "display_name"])
    CannedReply.objects.create(
        store=store,
        shortcut="/改地址",
        title="可以改地址",
        body="{买家昵称}您好，订单{订单号}还没发货，地址可以改，请把新地址发给我～",
    )
    return store, order, agent


def test_a_buyer_asks_on_the_widget_and_the_agent_answers_and_changes_the_address(browser, asgi_server, shop):
    store, order, _agent = shop
    agent_context = browser.new_context(base_url=asgi_server, viewport=VIEWPORT)
    buyer_context = browser.new_context(base_url=asgi_server, viewport={"width": 420, "height": 760})
    for context in (agent_context, buyer_context):
        context.set_default_timeout(15_000)
    try:
        # given the agent signed in with the workspace open (a marker tells a reload)
        agent = agent_context.new_page()
        agent.goto("/accounts/login/")
        agent.fill("#id_username", "xiaomei")
        agent.fill("#id_password", PASSWORD)
        agent.click("button[type=submit]")
        agent.wait_for_url("**/")
        agent.goto("/service/")
        agent.wait_for_selector("#ws-live[data-state='live']")
        agent.evaluate("window.__notReloaded = true")

        # when the buyer writes on the website chat, naming the order and its phone (which proves it)
        buyer = buyer_context.new_page()
        buyer.goto(f"/chat/{store.code}")
        buyer.click(".chat-contact summary")
        buyer.fill("input[name=nickname]", "小王")
        buyer.fill("input[name=phone]", "13800001111")
        buyer.fill("input[name=order_number]", "T1001")
        buyer.fill("#chat-text", "我的订单能改地址吗，订单号 T1001")
        buyer.click(".chat-send")

        # then it arrives in the agent's list (我的: the conversation was given to the online agent)
        row = agent.locator("#ws-rows .ws-row", has_text="我的订单能改地址吗")
        row.wait_for()
        assert agent.locator("#ws-list [data-count='mine']").inner_text() == "1"
        row.click()
        agent.locator("#ws-messages .ws-msg-in", has_text="我的订单能改地址吗").wait_for()
        # and the buyer's next message arrives in the open thread
        buyer.fill("#chat-text", "要改到上海")
        buyer.click(".chat-send")
        agent.locator("#ws-messages .ws-msg-in", has_text="要改到上海").wait_for()
        assert agent.locator("#ws-messages [data-message-id]").count() == 2

        # when the agent types "/" and picks the canned reply
        agent.click("#ws-body")
        agent.keyboard.type("/改")
        agent.locator("#ws-canned [data-fill]", has_text="可以改地址").click()
        answer = "小王您好，订单T1001还没发货，地址可以改，请把新地址发给我～"
        assert agent.input_value("#ws-body") == answer
        agent.click("#ws-composer button[type=submit]")

        # then the thread shows it, and the buyer sees it on the widget
        agent.locator("#ws-messages .ws-msg-out", has_text=answer).wait_for()
        assert agent.input_value("#ws-body") == ""
        buyer.locator("#chat-log .msg", has_text=answer).wait_for()
        # once each, though the thread heard of it twice (the send's answer and the socket)
        assert agent.locator("#ws-messages .ws-msg-out", has_text=answer).count() == 1
        assert buyer.locator("#chat-log .msg", has_text=answer).count() == 1

        # when the agent changes the order's address from the buyer's pane
        agent.locator(f".ws-order[data-order-id='{order.pk}'] button", has_text="修改地址").click()
        agent.wait_for_selector("#ws-modal-body form select[name=province]")
        agent.select_option("#ws-modal-body select[name=province]", "上海市")
        agent.fill("#ws-modal-body input[name=city]", "上海市")
        agent.fill("#ws-modal-body input[name=district]", "浦东新区")
        agent.fill("#ws-modal-body input[name=address_detail]", "世纪大道 100 号")
        agent.click("#ws-modal-body button[type=submit]")
        agent.locator("#ws-modal-body .alert-success").wait_for()

        # then the order goes to Shanghai, to the same receiver; nothing reloaded the workspace
        order = Order.objects.get(pk=order.pk)
        assert (order.province, order.city, order.district, order.address_detail) == (
            "上海市",
            "上海市",
            "浦东新区",
            "世纪大道 100 号",
        )
        assert (order.receiver_name, order.receiver_phone) == ("王小二", "13800001111")
        assert agent.evaluate("window.__notReloaded") is True
        assert agent.locator("#ws-messages [data-message-id]").count() == 3  # two questions, one answer
        conversation = Conversation.objects.get()
        assert (conversation.order_id, conversation.contact.nickname) == (order.pk, "小王")
    finally:
        agent_context.close()
        buyer_context.close()
