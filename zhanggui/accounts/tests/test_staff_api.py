"""Staff API: administrators list, read, create and change staff, set passwords, manage teams."""

from __future__ import annotations

import pytest

from zhanggui.accounts.models import Staff, Team
from zhanggui.core.models import AuditEvent
from zhanggui.testing.factories import TeamFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Kefu-2024-spring"


def staff_events() -> int:
    return AuditEvent.objects.filter(action__startswith="accounts.staff").count()


def test_list_is_paginated_filtered_and_masks_phones(make_staff, api_client_for):
    # given an administrator and two agents
    client = api_client_for(make_staff("admin", username="admin_1"))
    make_staff("cs_agent", username="kefu_a", phone="13811112222")
    make_staff("cs_agent", username="kefu_b")
    # when listing agents one per page
    body = client.get("/api/v1/staff", {"role": "cs_agent", "page_size": 1}).json()
    # then two agents are counted, the first page holds kefu_a with a masked phone
    assert (body["count"], body["page"], body["page_size"]) == (2, 1, 1)
    assert [(s["username"], s["phone"]) for s in body["items"]] == [("kefu_a", "138****2222")]


def test_get_returns_teams_and_stores(make_staff, api_client_for, store):
    # given an agent in a team
    client = api_client_for(make_staff("admin"))
    agent = make_staff("cs_agent", username="kefu_c")
    agent.teams.add(TeamFactory(name="售前一组"))
    # when the administrator reads the agent
    body = client.get(f"/api/v1/staff/{agent.pk}").json()
    # then teams, stores and the role label come back
    assert [t["name"] for t in body["teams"]] == ["售前一组"]
    assert [s["code"] for s in body["stores"]] == [store.code]
    assert body["role"] == "cs_agent"
    assert body["role_label"]


def test_get_a_missing_member_is_404(make_staff, api_client_for):
    # given an administrator
    client = api_client_for(make_staff("admin"))
    # when they ask for a member that does not exist
    response = client.get("/api/v1/staff/999999")
    # then the answer is 404 in the shared error format
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_create_returns_201_and_audits_once(make_staff, api_client_for, store):
    # given an administrator's API client
    client = api_client_for(make_staff("admin"))
    # when they create an order clerk of the store
    response = client.post(
        "/api/v1/staff",
        {"username": "shendan_1", "password": NEW_PASSWORD, "role": "order_clerk", "store_ids": [store.pk]},
        content_type="application/json",
    )
    # then the member exists with the store, and one staff audit row was written
    assert response.status_code == 201
    assert response.json()["stores"][0]["id"] == store.pk
    assert Staff.objects.get(username="shendan_1").check_password(NEW_PASSWORD)
    assert staff_events() == 1


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"username": "x_1", "password": "12345678", "role": "cs_agent"}, "password"),
        ({"username": "x_2", "password": NEW_PASSWORD, "role": "boss"}, "role"),
        ({"username": "x_3", "password": NEW_PASSWORD, "role": "cs_agent", "email": "nope"}, "email"),
        ({"password": NEW_PASSWORD, "role": "cs_agent"}, "username"),
        ({"username": "x_4", "password": NEW_PASSWORD, "role": "cs_agent", "store_ids": ["many"]}, "store_ids.0"),
    ],
)
def test_create_with_bad_input_is_422_naming_the_field(make_staff, api_client_for, payload, field):
    # given an administrator's API client
    client = api_client_for(make_staff("admin"))
    staff_before = Staff.objects.count()
    # when one field is wrong or missing
    response = client.post("/api/v1/staff", payload, content_type="application/json")
    # then the answer is 422 naming it, and nothing was written
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == [field]
    assert Staff.objects.count() == staff_before
    assert staff_events() == 0


def test_operator_cannot_create_staff_through_the_api(make_staff, api_client_for):
    # given an operator's API client
    client = api_client_for(make_staff("operator"))
    staff_before = Staff.objects.count()
    # when they create an administrator
    response = client.post(
        "/api/v1/staff",
        {"username": "sneaky", "password": NEW_PASSWORD, "role": "admin"},
        content_type="application/json",
    )
    # then it is forbidden and nothing was written
    assert response.status_code == 403
    assert Staff.objects.count() == staff_before
    assert staff_events() == 0


def test_patch_changes_only_the_fields_sent(make_staff, api_client_for, store):
    # given an agent of the store
    client = api_client_for(make_staff("admin"))
    agent = make_staff("cs_agent", phone="13700001111")
    # when the administrator deactivates them with a reason
    response = client.patch(
        f"/api/v1/staff/{agent.pk}", {"is_active": False, "reason": "离职"}, content_type="application/json"
    )
    # then only the status changed and one audit row records it
    assert response.status_code == 200
    agent.refresh_from_db()
    assert (agent.is_active, agent.role, agent.phone, list(agent.stores.all())) == (
        False,
        "cs_agent",
        "13700001111",
        [store],
    )
    event = AuditEvent.objects.get(action="accounts.staff.update")
    assert (event.before, event.after, event.reason) == ({"is_active": True}, {"is_active": False}, "离职")


def test_set_password_through_the_api(make_staff, api_client_for):
    # given an agent
    client = api_client_for(make_staff("admin"))
    agent = make_staff("cs_agent")
    # when the administrator sets a new password
    response = client.post(
        f"/api/v1/staff/{agent.pk}/password", {"password": NEW_PASSWORD}, content_type="application/json"
    )
    # then it is in force and audited once
    assert response.status_code == 204
    agent.refresh_from_db()
    assert agent.check_password(NEW_PASSWORD)
    assert AuditEvent.objects.filter(action="accounts.staff.password_set").count() == 1


def test_teams_list_and_create(make_staff, api_client_for):
    # given an administrator in one team
    admin = make_staff("admin")
    admin.teams.add(TeamFactory(name="售前一组"))
    client = api_client_for(admin)
    # when they create a second team and list teams
    created = client.post("/api/v1/staff/teams", {"name": "售后一组"}, content_type="application/json")
    listed = client.get("/api/v1/staff/teams").json()
    # then both teams are listed with their member counts
    assert created.status_code == 201
    assert [(t["name"], t["member_count"]) for t in listed["items"]] == [("售前一组", 1), ("售后一组", 0)]
    assert Team.objects.count() == 2


def test_a_team_filter_too_large_for_the_database_is_422(make_staff, api_client_for):
    # given an administrator (a team id beyond a 64-bit key crashed the list with a 500)
    client = api_client_for(make_staff("admin"))
    # when the staff list is filtered by it
    response = client.get(f"/api/v1/staff?team={2**64}")
    # then it is refused as invalid input, naming the field
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "team"


def test_assign_staff_through_the_api(make_staff, api_client_for, store):
    # given an administrator and two agents
    client = api_client_for(make_staff("admin", stores=[]))
    first = make_staff("cs_agent", stores=[], username="kefu_a")
    second = make_staff("cs_agent", stores=[], username="kefu_b")
    # when both are assigned
    response = client.put(
        f"/api/v1/stores/{store.pk}/staff", {"staff_ids": [second.pk, first.pk]}, content_type="application/json"
    )
    # then the store lists both
    assert response.status_code == 200
    assert [s["username"] for s in response.json()["staff"]] == ["kefu_a", "kefu_b"]
    assert AuditEvent.objects.get(action="stores.store.staff_assign").after == {"staff": ["kefu_a", "kefu_b"]}


def test_assign_a_staff_id_too_large_for_the_database_is_422(make_staff, api_client_for, store):
    # given an administrator (an id beyond a 64-bit key crashed the lookup with a 500)
    client = api_client_for(make_staff("admin", stores=[]))
    # when it is sent as a staff member to assign
    response = client.put(f"/api/v1/stores/{store.pk}/staff", {"staff_ids": [2**64]}, content_type="application/json")
    # then it is refused as invalid input, naming the field, and nothing is audited
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "staff_ids.0"
    assert not AuditEvent.objects.filter(action="stores.store.staff_assign").exists()
