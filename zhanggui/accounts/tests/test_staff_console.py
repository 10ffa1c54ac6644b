"""Staff management pages: list with filters, create/edit/password forms, teams, menu."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from zhanggui.accounts.models import Staff, Team
from zhanggui.core.models import AuditEvent
from zhanggui.testing.factories import TeamFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Kefu-2024-spring"


def test_staff_list_masks_phones_and_filters_by_role(make_staff, client_for):
    # given an administrator, an agent and an operator
    admin = make_staff("admin")
    make_staff("cs_agent", username="kefu_a", phone="13811112222")
    make_staff("operator", username="yunying_b")
    # when the administrator lists agents only
    response = client_for(admin).get(reverse("accounts:staff_list"), {"role": "cs_agent"})
    # then the agent is shown with a masked phone and the operator is not
    body = response.content.decode()
    assert response.status_code == 200
    assert "kefu_a" in body
    assert "yunying_b" not in body
    assert "138****2222" in body
    assert "13811112222" not in body


def test_staff_list_filters_by_team_and_status(make_staff, client_for):
    # given an inactive member in a team and an active one outside it
    admin = make_staff("admin")
    team = TeamFactory(name="夜班组")
    member = make_staff("cs_agent", username="night_owl", is_active=False)
    member.teams.add(team)
    make_staff("cs_agent", username="day_bird")
    # when filtering by the team and by inactive status
    client = client_for(admin)
    by_team = client.get(reverse("accounts:staff_list"), {"team": team.pk}).content.decode()
    inactive = client.get(reverse("accounts:staff_list"), {"is_active": "0"}).content.decode()
    # then each shows the night owl only
    for body in (by_team, inactive):
        assert "night_owl" in body
        assert "day_bird" not in body


@pytest.mark.parametrize("role", ["manager", "operator", "cs_lead"])
def test_staff_pages_are_forbidden_to_non_administrators(make_staff, client_for, role):
    # given a non-administrator
    client = client_for(make_staff(role))
    # when they open the staff and team pages
    codes = [
        client.get(reverse(name)).status_code
        for name in ("accounts:staff_list", "accounts:staff_create", "accounts:team_list", "accounts:team_create")
    ]
    # then every page is forbidden
    assert codes == [403, 403, 403, 403]


def test_staff_create_form_has_the_plain_fields(make_staff, client_for):
    # given an administrator
    admin = make_staff("admin")
    # when they open the create page
    body = client_for(admin).get(reverse("accounts:staff_create")).content.decode()
    # then the form has the named fields, a role select with role labels, and a submit button
    for name in ("username", "display_name", "password", "phone", "email"):
        assert re.search(rf'<input[^>]+name="{name}"', body), name
    assert re.search(r'<select[^>]+name="role"', body)
    assert re.search(r'<select[^>]+name="teams"[^>]*multiple', body)
    assert re.search(r'<select[^>]+name="stores"[^>]*multiple', body)
    assert '<option value="cs_agent">' in body
    assert re.search(r'<button[^>]+type="submit"[^>]+id="staff-form-submit"', body)


def test_staff_create_form_creates_and_redirects_with_a_message(make_staff, client_for, store):
    # given an administrator and a team
    admin = make_staff("admin")
    team = TeamFactory(name="售前一组")
    # when they submit the form
    response = client_for(admin).post(
        reverse("accounts:staff_create"),
        {
            "username": "kefu_new",
            "display_name": "新客服",
            "role": "cs_agent",
            "password": NEW_PASSWORD,
            "phone": "13700002222",
            "email": "kefu@example.com",
            "teams": [team.pk],
            "stores": [store.pk],
        },
        follow=True,
    )
    # then they are back on the staff list with a success message, and the member exists once
    assert response.redirect_chain == [(reverse("accounts:staff_list"), 302)]
    shown = [(m.level_tag, "kefu_new" in str(m)) for m in response.context["messages"]]
    assert shown == [("success", True)]
    assert "kefu_new" in response.content.decode()
    staff = Staff.objects.get(username="kefu_new")
    assert (staff.role, list(staff.teams.all()), list(staff.stores.all())) == ("cs_agent", [team], [store])
    assert AuditEvent.objects.filter(action="accounts.staff.create").count() == 1


def test_staff_create_form_shows_a_weak_password_on_the_field(make_staff, client_for):
    # given an administrator
    admin = make_staff("admin")
    # when the password is too weak
    response = client_for(admin).post(
        reverse("accounts:staff_create"),
        {"username": "kefu_weak", "role": "cs_agent", "password": "12345678"},
    )
    # then the page answers 422 with the error on the password and nobody was created
    assert response.status_code == 422
    assert response.context["form"].errors["password"]
    assert not Staff.objects.filter(username="kefu_weak").exists()
    assert AuditEvent.objects.count() == 0


def test_operator_posting_the_staff_create_form_changes_nothing(make_staff, client_for):
    # given an operator
    operator = make_staff("operator")
    staff_before = Staff.objects.count()
    # when they post the create form
    response = client_for(operator).post(
        reverse("accounts:staff_create"), {"username": "sneaky", "role": "admin", "password": NEW_PASSWORD}
    )
    # then it is forbidden and nothing was written
    assert response.status_code == 403
    assert Staff.objects.count() == staff_before
    assert AuditEvent.objects.count() == 0


def test_staff_edit_keeps_the_phone_when_left_blank(make_staff, client_for, store):
    # given an agent with a phone
    admin = make_staff("admin")
    agent = make_staff("cs_agent", phone="13955556666")
    client = client_for(admin)
    page = client.get(reverse("accounts:staff_edit", args=[agent.pk])).content.decode()
    assert "13955556666" not in page
    assert "139****6666" in page
    # when the administrator makes them a lead and leaves the phone blank
    response = client.post(
        reverse("accounts:staff_edit", args=[agent.pk]),
        {
            "role": "cs_lead",
            "display_name": agent.display_name,
            "phone": "",
            "email": "",
            "is_active": "on",
            "stores": [store.pk],
        },
    )
    # then the role changed and the phone did not
    assert response.status_code == 302
    agent.refresh_from_db()
    assert (agent.role, agent.phone) == ("cs_lead", "13955556666")
    assert AuditEvent.objects.get().after == {"role": "cs_lead"}


def test_staff_edit_of_a_missing_member_is_404(make_staff, client_for):
    # given an administrator
    client = client_for(make_staff("admin"))
    # when they open the edit page of a member that does not exist
    # then the page is not found
    assert client.get(reverse("accounts:staff_edit", args=[999_999])).status_code == 404


def test_staff_password_page_sets_the_password(make_staff, client_for):
    # given an agent
    admin = make_staff("admin")
    agent = make_staff("cs_agent")
    # when the administrator sets a password, typed twice
    response = client_for(admin).post(
        reverse("accounts:staff_password", args=[agent.pk]),
        {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD},
    )
    # then the agent can sign in with it
    assert response.status_code == 302
    agent.refresh_from_db()
    assert agent.check_password(NEW_PASSWORD)
    assert AuditEvent.objects.get().action == "accounts.staff.password_set"


def test_staff_password_page_refuses_mismatched_passwords(make_staff, client_for):
    # given an agent
    admin = make_staff("admin")
    agent = make_staff("cs_agent")
    # when the two passwords differ
    response = client_for(admin).post(
        reverse("accounts:staff_password", args=[agent.pk]),
        {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD + "x"},
    )
    # then nothing changed
    assert response.status_code == 422
    agent.refresh_from_db()
    assert not agent.check_password(NEW_PASSWORD)
    assert AuditEvent.objects.count() == 0


def test_team_list_and_create(make_staff, client_for):
    # given an administrator and a team with one member
    admin = make_staff("admin")
    team = TeamFactory(name="售前一组")
    admin.teams.add(team)
    client = client_for(admin)
    # when they create another team
    response = client.post(reverse("accounts:team_create"), {"name": "售后一组", "description": "退换货"})
    # then it is listed with the first team
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:team_list")
    body = client.get(reverse("accounts:team_list")).content.decode()
    assert "售前一组" in body
    assert "售后一组" in body
    assert Team.objects.get(name="售后一组").description == "退换货"
    assert AuditEvent.objects.get().action == "accounts.team.create"


def test_menu_shows_staff_and_teams_to_administrators_only(make_staff, client_for):
    # given an administrator and an operator
    admin_body = client_for(make_staff("admin")).get(reverse("core:home")).content.decode()
    operator_body = client_for(make_staff("operator")).get(reverse("core:home")).content.decode()
    # then only the administrator's menu links staff and teams
    for url in (reverse("accounts:staff_list"), reverse("accounts:team_list")):
        assert f'href="{url}"' in admin_body
        assert f'href="{url}"' not in operator_body


def test_assign_staff_page_sets_the_staff(make_staff, client_for, store):
    # given an administrator and an agent not yet on the store
    admin = make_staff("admin")
    agent = make_staff("cs_agent", stores=[])
    # when the administrator assigns the agent alone
    response = client_for(admin).post(reverse("accounts:store_staff", args=[store.pk]), {"staff": [agent.pk]})
    # then the store has exactly the agent
    assert response.status_code == 302
    assert list(store.staff.all()) == [agent]
    assert AuditEvent.objects.get().action == "stores.store.staff_assign"
