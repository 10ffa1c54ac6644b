"""What a person reads is words, not codes: action labels, durations, empty choices, list cells, avatars."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django import forms
from django.test import Client
from django.utils import timezone, translation

from zhanggui.core import policy
from zhanggui.core.audit import audit_action_known, audit_action_label, audit_changes_shown, audit_record
from zhanggui.core.durations import format_duration
from zhanggui.core.forms import AuditFilterForm, DurationField, FilterForm, StyledForm
from zhanggui.core.models import AuditEvent
from zhanggui.core.permissions import has_perm
from zhanggui.core.templatetags.console import initials
from zhanggui.core.views.generic import ObjectListView
from zhanggui.core.views.tables import Column
from zhanggui.testing import factories as f

from .routes import console_routes
from .test_permission_matrix import SAMPLES, _fill, world  # noqa: F401 - world is the matrix's fixture

SOURCE = Path(__file__).resolve().parents[2]
# ``action="orders.order.approve"``, ``audit_action = "catalog.import"``, ``action, reason = "…", …``
ACTION_LITERAL = re.compile(r'\b(?:audit_)?action(?:, \w+)?\s*=\s*"([a-z_]+(?:\.[a-z_]+)+)"')


def written_actions() -> set[str]:
    """Every audit action the code writes: the literals, and the export of every exporting list."""
    actions: set[str] = set()
    for path in SOURCE.glob("*/**/*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        actions.update(ACTION_LITERAL.findall(path.read_text(encoding="utf-8")))
    console_routes()  # every list view is defined once the console's URLs are loaded
    lists, seen = [ObjectListView], []
    while lists:
        view = lists.pop()
        seen.append(view)
        lists.extend(view.__subclasses__())
    actions.update(f"{view.list_key}.export" for view in seen if view.list_key and view.export_permission)
    return actions


def test_every_audit_action_the_code_writes_has_a_label():
    # given every action written anywhere in the code
    actions = written_actions()
    assert {"orders.order.approve", "catalog.import", "orders.order.anomaly_raise", "core.audit.export"} <= actions

    # then each reads as a label, never as its code
    assert sorted(action for action in actions if not audit_action_known(action)) == []
    with translation.override("zh-hans"):
        assert sorted(action for action in actions if audit_action_label(action) == action) == []


def test_action_labels_are_translated_and_an_unknown_action_keeps_its_code():
    with translation.override("zh-hans"):
        assert audit_action_label("orders.order.approve") == "审核通过"
        assert audit_action_label("catalog.sku.price_batch_change") == "批量改价"
        assert audit_action_label("pii.reveal") == "查看个人信息"
        assert audit_action_label("catalog.stock.export") == "导出 · 库存"
        assert audit_action_label("nobody.wrote.this") == "nobody.wrote.this"
    with translation.override("en"):
        assert audit_action_label("orders.order.approve") == "Approve order"


@pytest.mark.django_db
def test_the_audit_log_shows_labels_and_display_names_with_the_login_as_title(make_staff, client_for):
    # given an operator called 陈晨 who changed a SKU's status, and an administrator reading the log
    operator = make_staff("operator", username="chenchen", display_name="陈晨")
    sku = f.SkuFactory(merchant_code="NM-01")
    audit_record(actor=operator, action="catalog.sku.update", obj=sku, before={"is_active": True}, after={})
    admin = make_staff("admin")

    # when the administrator opens the audit log
    html = client_for(admin).get("/audit/").content.decode()

    # then the row names the action and the person as people say them
    assert '<span title="chenchen">陈晨</span>' in html
    assert "编辑 SKU" in html
    assert "catalog.sku.update" not in html.split('id="list-table"')[1]


@pytest.mark.django_db
def test_audit_changes_read_field_names_and_choice_labels():
    # given an audit row of an order's status change
    event = AuditEvent(
        object_type="orders.order",
        before={"status": "under_review"},
        after={"status": "awaiting_shipment", "status_path": ["under_review", "awaiting_shipment"]},
    )

    # then its changes read in words, keys that are not fields as they are
    with translation.override("zh-hans"):
        assert audit_changes_shown(event) == [
            ("状态", "待审核", "待发货"),
            ("status_path", None, "under_review、awaiting_shipment"),
        ]


@pytest.mark.parametrize(
    ("amount", "unit", "shown"),
    [
        (4320, "minutes", "3 天"),
        (30, "minutes", "30 分钟"),
        (90, "minutes", "1 小时 30 分钟"),
        (48, "hours", "2 天"),
        (36, "hours", "36 小时"),
        (10, "days", "10 天"),
        (None, "minutes", "—"),
    ],
)
def test_durations_are_said_in_the_largest_exact_unit(amount, unit, shown):
    with translation.override("zh-hans"):
        assert format_duration(amount, unit) == shown


class TimeoutForm(StyledForm):
    timeout = DurationField(label="timeout", units=("minutes", "hours", "days"))
    sla = DurationField(label="sla", base="hours")


def test_a_duration_is_typed_as_an_amount_and_a_unit_and_cleaned_to_the_base_unit():
    # when someone types 3 days and 2 days
    form = TimeoutForm({"timeout_0": "3", "timeout_1": "days", "sla_0": "2", "sla_1": "days"})

    # then the form gives minutes and hours
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"timeout": 4320, "sla": 48}
    # and a stored value is offered back in the largest exact unit
    assert TimeoutForm.base_fields["timeout"].widget.decompress(4320) == [3, "days"]
    assert TimeoutForm.base_fields["sla"].widget.decompress(36) == [36, "hours"]


def test_a_duration_of_less_than_one_unit_is_refused():
    with translation.override("en"):
        form = TimeoutForm({"timeout_0": "1", "timeout_1": "days", "sla_0": "0", "sla_1": "hours"})
        assert not form.is_valid()
        assert form.errors["sla"] == ["Ensure this value is greater than or equal to 1."]


class PickForm(StyledForm):
    colour = forms.ChoiceField(choices=[("", "---------"), ("red", "red")], required=False)
    staff = forms.ModelChoiceField(queryset=AuditEvent.objects.none(), required=False)


class PickFilterForm(FilterForm, PickForm):
    pass


def test_empty_choices_say_choose_in_forms_and_all_in_filters():
    with translation.override("zh-hans"):
        form, filters = PickForm(), PickFilterForm()
        empty = [str(form.fields["colour"].choices[0][1]), str(form.fields["staff"].empty_label)]
        empty += [str(filters.fields["colour"].choices[0][1]), str(filters.fields["staff"].empty_label)]
        assert empty == ["请选择", "请选择", "全部", "全部"]
        assert "---------" not in str(form) + str(filters)


@pytest.mark.slow
@pytest.mark.parametrize("role", ["admin", "manager", "operator", "order_clerk"])
def test_every_page_renders_without_djangos_empty_choice(world, staff_by_role, role):  # noqa: F811 - the matrix's fixture
    # given a staff member of the role and every console page it may open
    staff = staff_by_role[role]
    client = Client()
    client.force_login(staff, backend="django.contrib.auth.backends.ModelBackend")
    problems = []
    for route in console_routes():
        if "get" not in route.methods or not has_perm(staff, route.permission or policy.AUTHENTICATED):
            continue
        url = _fill(route.pattern, SAMPLES[route.name](world) if route.params else {})
        # when the page is opened
        response = client.get(url)
        if response.streaming:  # an export or a file, not a page
            continue
        # then it renders, and no select offers Django's dashes
        if response.status_code >= 500 or b"---------" in response.content:
            problems.append(f"{url} → {response.status_code}")
    assert problems == []


def test_list_cells_fit_with_compact_times_and_cut_text_keeping_the_whole_in_a_title():
    # given a time, a long store name and a receiver's name
    at = timezone.make_aware(dt.datetime(2026, 12, 1, 14, 3))
    row = type("Row", (), {"at": at, "store": "暖木家居天猫旗舰店（官方直营）", "receiver": "张三丰"})()

    # then the time is compact with the full time as title; cut text keeps it whole; personal data stays masked
    assert str(Column("at", "t", compact=True).render(row)) == '<span title="2026-12-01 14:03">12-01 14:03</span>'
    cut = Column("store", "s", truncate=True)
    assert str(cut.render(row)) == (
        '<span class="cell-clip" title="暖木家居天猫旗舰店（官方直营）">暖木家居天猫旗舰店（官方直营）</span>'
    )
    assert str(Column("receiver", "r", truncate=True, pii="name").render(row)) == (
        '<span class="cell-clip" title="张**">张**</span>'
    )
    assert Column("text", "c", wrap=True).cell_class == "cell-wrap"
    assert Column("n", "n", numeric=True, wide_screen=True).cell_class == "text-end d-none d-xxl-table-cell"


@pytest.mark.parametrize(
    ("name", "shown"), [("王磊（订单）", "王"), ("系统管理员", "系"), ("Chen Chen", "CC"), ("operator", "O"), ("", "?")]
)
def test_avatar_initials_come_from_the_display_name(name, shown):
    assert initials(name) == shown


def test_the_audit_log_filters_by_a_lists_export_named_after_the_list():
    # given the console's lists are loaded
    written_actions()
    # when the audit log's filter is built in Chinese
    with translation.override("zh-hans"):
        choices = dict(AuditFilterForm().fields["action"].choices)
    # then a list's export is offered by its list's name; an app's own wording is kept
    assert (choices["core.audit.export"], choices["orders.order.export"]) == ("导出 · 操作日志", "导出订单")
