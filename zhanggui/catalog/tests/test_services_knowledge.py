"""Product knowledge: jieba-indexed entries found by Chinese words."""

from __future__ import annotations

import pytest

from zhanggui.catalog import selectors, services
from zhanggui.catalog.models import KnowledgeEntry
from zhanggui.catalog.selectors.search import highlight, query_tokens, search_text
from zhanggui.core.exceptions import NotFoundError, PermissionDeniedError
from zhanggui.core.models import AuditEvent

DOWN = "这款羽绒服充绒量200克，适合零下10度"


def test_search_text_is_padded_lower_case_words():
    # when
    text = search_text("Size Chart", "羽绒服充绒量")
    # then
    assert text == " size chart 羽绒 羽绒服 充绒量 "


def test_knowledge_entry_create_indexes_words(make_staff, catalog, audit_count):
    # given
    editor = make_staff("editor")
    before = audit_count()
    # when
    entry = services.knowledge_entry_create(by=editor, kind="selling_point", title="保暖", body=DOWN)
    # then
    assert " 羽绒服 " in entry.search_text
    assert " 充绒量 " in entry.search_text
    assert audit_count() == before + 1
    assert AuditEvent.objects.latest("id").action == "catalog.knowledge.create"


def test_search_finds_chinese_text_by_words(make_staff, catalog):
    # given
    editor = make_staff("editor")
    agent = make_staff("cs_agent")
    entry = services.knowledge_entry_create(by=editor, kind="faq", title="羽绒服保暖吗", body=DOWN)
    services.knowledge_entry_create(by=editor, kind="faq", title="T恤洗涤", body="建议冷水手洗，不可漂白")
    # when
    found = list(selectors.knowledge_search(user=agent, query="羽绒服 充绒量"))
    missing = list(selectors.knowledge_search(user=agent, query="羽绒服 漂白"))
    # then
    assert found == [entry]
    assert missing == []


def test_search_does_not_match_inside_other_words(make_staff):
    # given: "绒量" is only part of the word 充绒量
    editor = make_staff("editor")
    services.knowledge_entry_create(by=editor, kind="faq", title="充绒", body=DOWN)
    # when / then
    assert list(selectors.knowledge_search(user=editor, query="绒量")) == []


def test_search_ranks_title_hits_first(make_staff):
    # given
    editor = make_staff("editor")
    body_only = services.knowledge_entry_create(by=editor, kind="faq", title="保暖说明", body="羽绒服 充绒量 200克")
    in_title = services.knowledge_entry_create(by=editor, kind="faq", title="羽绒服充绒量", body="羽绒服 充绒量 200克")
    # when
    results = list(selectors.knowledge_search(user=editor, query="羽绒服 充绒量"))
    # then
    assert results == [in_title, body_only]
    assert [r.title_hits for r in results] == [2, 0]


def test_search_keeps_other_stores_products_out(make_staff, catalog):
    # given: an entry about a product only offered in ``other_store``
    manager = make_staff("manager")
    services.knowledge_entry_create(by=manager, kind="faq", title="充绒量", body=DOWN, product=catalog.theirs)
    agent = make_staff("cs_agent")
    # when / then
    assert list(selectors.knowledge_search(user=agent, query="充绒量")) == []
    assert len(selectors.knowledge_search(user=manager, query="充绒量")) == 1


def test_knowledge_edit_denied_and_out_of_scope(make_staff, catalog, audit_count):
    # given
    agent, editor = make_staff("cs_agent"), make_staff("editor")
    before = audit_count()
    # when / then
    with pytest.raises(PermissionDeniedError):
        services.knowledge_entry_create(by=agent, kind="faq", title="t", body="b")
    with pytest.raises(NotFoundError):
        services.knowledge_entry_create(by=editor, kind="faq", title="t", body="b", product=catalog.theirs)
    assert KnowledgeEntry.objects.count() == 0
    assert audit_count() == before


def test_knowledge_update_reindexes_and_delete_keeps_content_in_audit(make_staff, catalog, audit_count):
    # given
    editor = make_staff("editor")
    entry = services.knowledge_entry_create(
        by=editor, kind="faq", title="尺码", body="偏小一码", product=catalog.product
    )
    before = audit_count()
    # when
    services.knowledge_entry_update(
        by=editor, entry=entry, kind="size_chart", title="尺码表", body="M码胸围100厘米", product=catalog.product
    )
    entry.refresh_from_db()
    services.knowledge_entry_delete(by=editor, entry=entry)
    # then
    assert " 胸围 " in entry.search_text
    assert not KnowledgeEntry.objects.filter(pk=entry.pk).exists()
    assert audit_count() == before + 2
    deleted = AuditEvent.objects.latest("id")
    assert (deleted.action, deleted.before["title"], deleted.object_id) == (
        "catalog.knowledge.delete",
        "尺码表",
        str(entry.pk),
    )


def test_highlight_escapes_and_marks():
    # when
    html = highlight("<b>羽绒服</b>充绒量", query_tokens("羽绒服"))
    # then
    assert html == "&lt;b&gt;<mark>羽绒服</mark>&lt;/b&gt;充绒量"
