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
