"""Time zones are offered as places merchants sell in, with Chinese names."""

from __future__ import annotations

import pytest
from django.utils import translation

from zhanggui.stores.forms.stores import StoreCreateForm, StoreEditForm
from zhanggui.stores.selectors import time_zone_choices, time_zone_label
from zhanggui.testing.factories import StoreFactory


def test_the_zones_merchants_sell_in_are_offered_with_chinese_names_china_first():
    with translation.override("zh-hans"):
        choices = time_zone_choices()
    assert choices[:3] == [
        ("Asia/Shanghai", "北京时间 · Asia/Shanghai"),
        ("Asia/Hong_Kong", "香港 · Asia/Hong_Kong"),
        ("Asia/Macau", "澳门 · Asia/Macau"),
    ]
    assert ("America/Los_Angeles", "洛杉矶（美国太平洋时间） · America/Los_Angeles") in choices
    assert len(choices) == 21
    assert "Africa/Abidjan" not in dict(choices)


def test_a_zone_outside_the_list_reads_as_its_name():
    assert time_zone_label("Pacific/Auckland") == "Pacific/Auckland"


@pytest.mark.django_db
def test_a_store_in_another_zone_keeps_it_on_its_edit_form():
    # given a store created through the API in New Zealand's zone
    store = StoreFactory(time_zone="Pacific/Auckland")

    # then its edit form offers that zone after the usual ones, and a new store's form does not
    edit_zones = dict(StoreEditForm(store=store).fields["time_zone"].choices)
    assert list(edit_zones)[-1] == "Pacific/Auckland"
    assert "Pacific/Auckland" not in dict(StoreCreateForm().fields["time_zone"].choices)
