"""Usage and installation guides naming the SKUs they are for (after-sales offers them on those SKUs' cases)."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from zhanggui.catalog import selectors, services
from zhanggui.catalog.models import KnowledgeEntry
from zhanggui.core.exceptions import ValidationFailed
from zhanggui.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_a_guide_names_its_skus_and_the_audit_says_which(make_staff, catalog):
    # given
    editor = make_staff("editor")
    # when
    entry = services.knowledge_entry_create(
        by=editor, kind="usage", title="白色款洗涤", body="冷水手洗", product=catalog.product, skus=[catalog.white]
    )
    # then
    assert [sku.merchant_code for sku in entry.skus.all()] == ["TEE-WHT-M"]
    assert AuditEvent.objects.get(action="catalog.knowledge.create").after["skus"] == ["TEE-WHT-M"]
    assert [e.pk for e in selectors.knowledge_list(user=editor, filters={"sku": catalog.white.pk})] == [entry.pk]
    assert list(selectors.knowledge_list(user=editor, filters={"sku": catalog.black.pk})) == []


def test_changing_the_skus_is_audited_and_none_keeps_them(make_staff, catalog):
    # given
    editor = make_staff("editor")
    entry = services.knowledge_entry_create(
        by=editor, kind="installation", title="安装", body="步骤", product=catalog.product, skus=[catalog.white]
    )
    # when the SKUs are replaced, then the text changes with the SKUs left alone
    services.knowledge_entry_update(
        by=editor,
        entry=entry,
        kind="installation",
        title="安装",
        body="步骤",
        product=catalog.product,
        skus=[catalog.white, catalog.black],
    )
    services.knowledge_entry_update(
        by=editor, entry=entry, kind="installation", title="安装说明", body="步骤", product=catalog.product
    )
    # then
    assert sorted(sku.merchant_code for sku in entry.skus.all()) == ["TEE-BLK-L", "TEE-WHT-M"]
    changes = [(e.before, e.after) for e in AuditEvent.objects.filter(action="catalog.knowledge.update").order_by("pk")]
    assert changes == [
        ({"skus": ["TEE-WHT-M"]}, {"skus": ["TEE-BLK-L", "TEE-WHT-M"]}),
        ({"title": "安装"}, {"title": "安装说明"}),
    ]


def test_skus_of_another_product_or_out_of_scope_are_refused(make_staff, catalog):
    editor = make_staff("editor")
    audits = AuditEvent.objects.count()
    with pytest.raises(ValidationFailed) as other_product:
        services.knowledge_entry_create(
            by=editor, kind="usage", title="x", body="y", product=catalog.product, skus=[catalog.their_sku]
        )
    with pytest.raises(ValidationFailed) as out_of_scope:
        services.knowledge_entry_create(by=editor, kind="usage", title="x", body="y", skus=[catalog.their_sku])
    assert [e.field for e in other_product.value.errors] == ["sku_ids"]
    assert [e.message for e in out_of_scope.value.errors] == ["No such SKU."]
    assert not KnowledgeEntry.objects.exists()
    assert AuditEvent.objects.count() == audits


def test_the_api_and_the_form_set_the_skus(make_staff, catalog, api_client_for, client_for):
    editor = make_staff("editor")
    created = api_client_for(editor).post(
        "/api/v1/catalog/knowledge",
        data=json.dumps(
            {
                "product_id": catalog.product.pk,
                "kind": "usage",
                "title": "用法",
                "body": "说明",
                "sku_ids": [catalog.black.pk],
            }
        ),
        content_type="application/json",
    )
    assert created.status_code == 201
    assert (created.json()["kind"], created.json()["sku_ids"]) == ("usage", [catalog.black.pk])
    response = client_for(editor).post(
        reverse("catalog:knowledge_create"),
        {
            "product": catalog.product.pk,
            "kind": "installation",
            "title": "安装",
            "body": "步骤",
            "skus": [catalog.white.pk],
        },
    )
    assert response.status_code == 302
    entry = KnowledgeEntry.objects.get(title="安装")
    assert [sku.pk for sku in entry.skus.all()] == [catalog.white.pk]
