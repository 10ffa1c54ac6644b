"""Service groups: created and edited by leads, members are the store's agents, names unique per store."""

from __future__ import annotations

import pytest

from zhanggui.core.exceptions import PermissionDeniedError, ValidationFailed
from zhanggui.core.models import AuditEvent
from zhanggui.service.constants import GroupKind
from zhanggui.service.models import ServiceGroup
from zhanggui.service.services import group_create, group_update


def test_a_lead_creates_a_group_with_members(store, make_staff):
    # given
    lead, agent = make_staff("cs_lead"), make_staff("cs_agent")
    # when
    group = group_create(by=lead, store=store, kind=GroupKind.AFTERSALE, name=" 售后一组 ", members=[agent])
    # then
    assert (group.name, group.kind, list(group.members.all())) == ("售后一组", "aftersale", [agent])
    audit = AuditEvent.objects.get(action="service.group.create")
    assert audit.after == {"kind": "aftersale", "name": "售后一组", "members": [agent.pk], "is_active": True}


def test_members_must_be_agents_of_the_store_and_names_unique(store, other_store, make_staff, presale):
    lead = make_staff("cs_lead")
    stranger = make_staff("cs_agent", stores=[other_store])
    clerk = make_staff("order_clerk")
    with pytest.raises(ValidationFailed) as foreign:
        group_create(by=lead, store=store, kind=GroupKind.PRESALE, name="夜班", members=[stranger])
    with pytest.raises(ValidationFailed) as not_agent:
        group_create(by=lead, store=store, kind=GroupKind.PRESALE, name="夜班", members=[clerk])
    with pytest.raises(ValidationFailed) as taken:
        group_create(by=lead, store=store, kind=GroupKind.PRESALE, name="售前组")
    assert [e.value.errors[0].field for e in (foreign, not_agent, taken)] == ["members", "members", "name"]
    assert ServiceGroup.objects.count() == 1
    assert AuditEvent.objects.count() == 0


def test_a_lead_edits_a_group_and_only_the_changes_are_audited(store, make_staff, presale):
    lead, agent = make_staff("cs_lead"), make_staff("cs_agent")
    group_update(by=lead, group=presale, name="售前组", members=[agent], is_active=False)
    presale.refresh_from_db()
    assert (presale.is_active, list(presale.members.all())) == (False, [agent])
    audit = AuditEvent.objects.get(action="service.group.edit")
    assert (audit.before, audit.after) == (
        {"is_active": True, "members": []},
        {"is_active": False, "members": [agent.pk]},
    )


def test_an_agent_cannot_create_or_edit_groups(store, make_staff, presale):
    agent = make_staff("cs_agent")
    with pytest.raises(PermissionDeniedError):
        group_create(by=agent, store=store, kind=GroupKind.PRESALE, name="夜班")
    with pytest.raises(PermissionDeniedError):
        group_update(by=agent, group=presale, name="夜班")
    presale.refresh_from_db()
    assert (ServiceGroup.objects.count(), presale.name, AuditEvent.objects.count()) == (1, "售前组", 0)


def test_the_group_pages_list_create_and_edit(store, make_staff, client_for, presale):
    # given
    lead, agent = make_staff("cs_lead"), make_staff("cs_agent")
    client = client_for(lead)
    # when
    listed = client.get("/service/groups/")
    created = client.post(
        "/service/groups/new/",
        {"store": store.pk, "kind": "aftersale", "name": "售后组", "members": [agent.pk], "is_active": "on"},
    )
    edited = client.post(f"/service/groups/{presale.pk}/", {"kind": "presale", "name": "售前一组"})
    # then
    assert listed.status_code == 200 and "售前组" in listed.content.decode()
    assert (created.status_code, created["Location"]) == (302, "/service/groups/")
    assert edited.status_code == 302
    presale.refresh_from_db()
    assert (presale.name, presale.is_active) == ("售前一组", False)
    assert list(ServiceGroup.objects.get(name="售后组").members.all()) == [agent]


def test_a_duplicate_name_shows_on_the_form(store, make_staff, client_for, presale):
    response = client_for(make_staff("cs_lead")).post(
        "/service/groups/new/", {"store": store.pk, "kind": "presale", "name": "售前组"}
    )
    assert response.status_code == 422
    assert response.context["form"].errors["name"] == ["本店铺已有同名分组。"]  # the console speaks Chinese


def test_an_agent_cannot_open_the_group_pages(make_staff, client_for):
    assert client_for(make_staff("cs_agent")).get("/service/groups/").status_code == 403
