"""Page slots: a context adds its part to another context's page without that context importing it."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from zhanggui.core import slots


@pytest.fixture
def clean_slots(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(slots, "_PANELS", {})
    monkeypatch.setattr(slots, "_BADGES", {})


def test_panels_render_every_registered_renderer_escaping_plain_text(clean_slots):
    # given two renderers of one slot: one answering safe HTML, one plain text with a tag in it
    from django.utils.html import format_html

    slots.slot_panel_register("a.page.panels", lambda request, obj: format_html("<b>{}</b>", obj.name))
    slots.slot_panel_register("a.page.panels", lambda request, obj: "<i>x</i>")
    request = RequestFactory().get("/")
    # when the page renders the slot through the template tag
    html = Template('{% load console %}{% page_slot "a.page.panels" obj %}').render(
        Context({"request": request, "obj": SimpleNamespace(name="T1")})
    )
    # then both parts are there in order, the plain text escaped
    assert html == "<b>T1</b>&lt;i&gt;x&lt;/i&gt;"
    assert slots.slot_panels("another.slot", request, None) == ""


def test_registering_the_same_renderer_twice_adds_it_once(clean_slots):
    def render(request, obj):  # type: ignore[no-untyped-def]
        return "x"

    slots.slot_panel_register("a", render)
    slots.slot_panel_register("a", render)
    assert slots.slot_panels("a", RequestFactory().get("/"), None) == "x"


def test_badges_get_all_objects_at_once_and_answer_per_id(clean_slots):
    # given two badge renderers, each called once with every object of the page
    calls = []

    def open_cases(request, objects):  # type: ignore[no-untyped-def]
        calls.append([obj.pk for obj in objects])
        return {1: "<b>A</b>"}

    slots.slot_badge_register("list.badges", open_cases)
    slots.slot_badge_register("list.badges", lambda request, objects: {1: "B", 2: "C"})
    objects = [SimpleNamespace(pk=1), SimpleNamespace(pk=2), SimpleNamespace(pk=3)]
    # when the list asks for its badges
    badges = slots.slot_badges("list.badges", RequestFactory().get("/"), objects)
    # then each object gets the parts for it, objects without any are left out
    assert calls == [[1, 2, 3]]
    assert badges == {1: "&lt;b&gt;A&lt;/b&gt;B", 2: "C"}
    assert slots.slot_badges("list.badges", RequestFactory().get("/"), []) == {}


def test_after_sales_fills_the_order_slots_registered_in_ready():
    # the orders context names the slots; after-sales registers for them in its AppConfig.ready()
    from zhanggui.aftersales.views import slots as aftersales_slots

    assert aftersales_slots.order_panel in slots._PANELS["orders.order_detail.panels"]
    assert aftersales_slots.order_badges in slots._BADGES["orders.order_list.badges"]
