"""Staff services: each write leaves one audit row; a denied or invalid call changes nothing."""

from __future__ import annotations

import json

import pytest

from zhanggui.accounts import services
from zhanggui.accounts.models import Staff, Team
from zhanggui.core.exceptions import ConflictError, PermissionDeniedError, ValidationFailed
from zhanggui.core.models import AuditEvent
from zhanggui.testing.factories import StaffFactory, TeamFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Kefu-2024-spring"


def test_staff_create_saves_the_member_and_audits_once(make_staff, store):
    # given an administrator and a team
    admin = make_staff("admin")
    team = TeamFactory(name="售前一组")
    # when they create an agent in the team, working on the store
    staff = services.staff_create(
        by=admin,
        username="kefu_xiaomei",
        password=NEW_PASSWORD,
        role="cs_agent",
        display_name="小美",
        phone="13812345678",
        email="xiaomei@example.com",
        team_ids=[team.pk],
        store_ids=[store.pk],
    )
    # then the member can sign in, is in the team and store, and one audit row has the phone masked
    staff.refresh_from_db()
    assert staff.check_password(NEW_PASSWORD)
    assert (staff.role, staff.display_name, staff.is_active) == ("cs_agent", "小美", True)
    assert list(staff.teams.all()) == [team]
    assert list(staff.stores.all()) == [store]
    event = AuditEvent.objects.get()
    assert event.action == "accounts.staff.create"
    assert event.object_id == str(staff.pk)
    assert event.after["phone"] == "138****5678"
    assert event.after["teams"] == ["售前一组"]
    assert event.after["stores"] == [store.code]
    assert NEW_PASSWORD not in json.dumps(event.after)
    assert "13812345678" not in json.dumps(event.after)


def test_staff_create_by_an_operator_is_denied_and_changes_nothing(make_staff):
    # given an operations specialist
    operator = make_staff("operator")
    staff_before = Staff.objects.count()
    # when they try to create a staff member
    with pytest.raises(PermissionDeniedError):
        services.staff_create(by=operator, username="sneaky", password=NEW_PASSWORD, role="admin")
    # then nobody was created and nothing was audited
    assert Staff.objects.count() == staff_before
    assert not Staff.objects.filter(username="sneaky").exists()
    assert AuditEvent.objects.count() == 0


def test_staff_create_names_every_bad_profile_field(make_staff):
    # given an administrator
    admin = make_staff("admin")
    # when role, phone, email, team and store are all wrong
    with pytest.raises(ValidationFailed) as caught:
        services.staff_create(
            by=admin,
            username="new_one",
            password=NEW_PASSWORD,
            role="boss",
            phone="phone?",
            email="not-an-email",
            team_ids=[999_998],
            store_ids=[999_999],
        )
    # then each field is named and nothing was written
    assert sorted(e.field for e in caught.value.errors) == ["email", "phone", "role", "stores", "teams"]
    assert not Staff.objects.filter(username="new_one").exists()
    assert AuditEvent.objects.count() == 0


def test_staff_create_refuses_a_weak_password(make_staff):
    # given an administrator
    admin = make_staff("admin")
    # when the password is all digits and short
    with pytest.raises(ValidationFailed) as caught:
        services.staff_create(by=admin, username="weak_pw", password="12345678", role="cs_agent")
    # then the password field is named and nobody was created
    assert [e.field for e in caught.value.errors] == ["password"]
    assert not Staff.objects.filter(username="weak_pw").exists()
    assert AuditEvent.objects.count() == 0


def test_staff_create_refuses_a_taken_username_in_any_case(make_staff):
    # given an existing member
    admin = make_staff("admin")
    make_staff("cs_agent", username="kefu_a")
    # when another is created as "KEFU_A"
    with pytest.raises(ConflictError) as caught:
        services.staff_create(by=admin, username="KEFU_A", password=NEW_PASSWORD, role="cs_agent")
    # then the username is named and nothing was written
    assert caught.value.errors[0].field == "username"
    assert Staff.objects.filter(username__iexact="kefu_a").count() == 1
    assert AuditEvent.objects.count() == 0


def test_staff_update_audits_the_changes(make_staff, store, other_store):
    # given an agent of the first store
    admin = make_staff("admin")
    agent = make_staff("cs_agent", username="kefu_b", display_name="小王")
    team = TeamFactory(name="售后组")
    # when the administrator makes them an after-sales specialist of the second store, in a team
    services.staff_update(
        by=admin,
        staff=agent,
        role="aftersales",
        display_name="小王",
        phone=agent.phone,
        email="",
        is_active=True,
        team_ids=[team.pk],
        store_ids=[other_store.pk],
        reason="转岗售后",
    )
    # then the change is saved and one audit row holds only what changed
    agent.refresh_from_db()
    assert agent.role == "aftersales"
    assert list(agent.stores.all()) == [other_store]
    event = AuditEvent.objects.get()
    assert event.action == "accounts.staff.update"
    assert event.before == {"role": "cs_agent", "teams": [], "stores": [store.code]}
    assert event.after == {"role": "aftersales", "teams": ["售后组"], "stores": [other_store.code]}
    assert event.reason == "转岗售后"


def test_an_administrator_cannot_demote_themselves(make_staff):
    # given an administrator
    admin = make_staff("admin")
    # when they try to make themselves an agent
    with pytest.raises(ValidationFailed):
        services.staff_update(
            by=admin,
            staff=admin,
            role="cs_agent",
            display_name="",
            phone="",
            email="",
            is_active=True,
            team_ids=[],
            store_ids=[],
        )
    # then they are still an administrator
    admin.refresh_from_db()
    assert admin.role == "admin"
    assert AuditEvent.objects.count() == 0


def test_staff_password_set_changes_the_password_and_audits_once(make_staff):
    # given an agent who forgot their password
    admin = make_staff("admin")
    agent = make_staff("cs_agent")
    # when the administrator sets a new one
    services.staff_password_set(by=admin, staff=agent, password=NEW_PASSWORD)
    # then it works and one audit row (without the password) was written
    agent.refresh_from_db()
    assert agent.check_password(NEW_PASSWORD)
    event = AuditEvent.objects.get()
    assert (event.action, event.object_id, event.before, event.after) == (
        "accounts.staff.password_set",
        str(agent.pk),
        None,
        None,
    )


def test_staff_password_set_by_a_manager_is_denied(make_staff):
    # given a manager and an agent
    manager = make_staff("manager")
    agent = make_staff("cs_agent")
    # when the manager tries to set the agent's password
    with pytest.raises(PermissionDeniedError):
        services.staff_password_set(by=manager, staff=agent, password=NEW_PASSWORD)
    # then the old password still works and nothing was audited
    agent.refresh_from_db()
    assert not agent.check_password(NEW_PASSWORD)
    assert AuditEvent.objects.count() == 0


def test_team_create_audits_once_and_refuses_duplicates(make_staff):
    # given an administrator
    admin = make_staff("admin")
    # when they create a team, then the same name again
    team = services.team_create(by=admin, name=" 售前二组 ", description="晚班")
    with pytest.raises(ConflictError):
        services.team_create(by=admin, name="售前二组")
    # then one team and one audit row exist
    assert (team.name, team.description) == ("售前二组", "晚班")
    assert Team.objects.filter(name="售前二组").count() == 1
    assert AuditEvent.objects.get().action == "accounts.team.create"


def test_store_staff_assign_records_usernames_before_and_after(make_staff, store):
    # given a store with one agent assigned
    admin = make_staff("admin", stores=[])
    agent = make_staff("cs_agent", username="kefu_a")
    clerk = make_staff("order_clerk", username="shendan_b", stores=[])
    # when the administrator assigns the order clerk instead of the agent
    services.store_staff_assign(by=admin, store=store, staff_ids=[clerk.pk], reason="排班调整")
    # then the clerk works on the store, the agent does not, and the audit row names both lists
    assert list(store.staff.values_list("username", flat=True)) == ["shendan_b"]
    assert not agent.stores.filter(pk=store.pk).exists()
    event = AuditEvent.objects.get()
    assert event.action == "stores.store.staff_assign"
    assert event.before == {"staff": ["kefu_a"]}
    assert event.after == {"staff": ["shendan_b"]}
    assert event.reason == "排班调整"


def test_store_staff_assign_refuses_unknown_staff(make_staff, store):
    # given a store with one agent
    admin = make_staff("admin", stores=[])
    agent = make_staff("cs_agent")
    # when an id that does not exist is among the chosen staff
    with pytest.raises(ValidationFailed) as caught:
        services.store_staff_assign(by=admin, store=store, staff_ids=[agent.pk, 999_999])
    # then the field is named and the assignment is as before
    assert caught.value.errors[0].field == "staff"
    assert list(store.staff.all()) == [agent]
    assert AuditEvent.objects.count() == 0


def test_store_staff_assign_by_a_manager_is_denied(make_staff, store):
    # given a manager (sees every store but does not manage them)
    manager = make_staff("manager")
    agent = StaffFactory(role="cs_agent")
    # when the manager tries to assign an agent
    with pytest.raises(PermissionDeniedError):
        services.store_staff_assign(by=manager, store=store, staff_ids=[agent.pk])
    # then nothing changed
    assert list(store.staff.all()) == [manager]
    assert AuditEvent.objects.count() == 0
