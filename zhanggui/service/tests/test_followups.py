"""Follow-ups: created for a buyer, done or cancelled once, listed for the user's stores, audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from zhanggui.core.exceptions import ConflictError, NotFoundError, PermissionDeniedError, ValidationFailed
from zhanggui.core.models import AuditEvent
from zhanggui.service.models import FollowUp
from zhanggui.service.selectors import followup_list
from zhanggui.service.services import contact_resolve, followup_cancel, followup_create, followup_done
from zhanggui.service.states import FollowUpStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def contact(store):  # type: ignore[no-untyped-def]
    return contact_resolve(store=store, channel="taobao", external_id="tb_lily", nickname="lily")


def later(hours: int = 2) -> dt.datetime:
    return timezone.now() + dt.timedelta(hours=hours)


def test_an_agent_creates_a_follow_up_and_marks_it_done(contact, make_agent):
    # given
    agent = make_agent()
    # when
    followup = followup_create(by=agent, contact=contact, kind="follow_up", note="明天确认补发", due_at=later())
    done = followup_done(by=agent, followup=followup)
    # then
    assert (done.status, done.created_by, done.store_id) == (FollowUpStatus.DONE, agent, contact.store_id)
    assert done.done_at is not None
    actions = list(AuditEvent.objects.filter(action__startswith="service.followup").values_list("action", flat=True))
    assert sorted(actions) == ["service.followup.create", "service.followup.done"]
    with pytest.raises(ConflictError):
        followup_cancel(by=agent, followup=done)


def test_a_follow_up_needs_a_due_time_and_a_short_note(contact, make_agent):
    agent = make_agent()
    with pytest.raises(ValidationFailed) as missing:
        followup_create(by=agent, contact=contact, kind="follow_up", note="", due_at=None)
    with pytest.raises(ValidationFailed) as long_note:
        followup_create(by=agent, contact=contact, kind="follow_up", note="长" * 501, due_at=later())
    assert missing.value.errors[0].field == "due_at"
    assert long_note.value.errors[0].field == "note"
    assert FollowUp.objects.count() == 0


def test_staff_of_another_store_neither_create_nor_see_it(contact, make_agent, make_staff, other_store):
    # given
    outsider = make_staff("cs_agent", stores=[other_store])
    followup = followup_create(by=make_agent(), contact=contact, kind="callback", note="", due_at=later())
    # then
    with pytest.raises(NotFoundError):
        followup_create(by=outsider, contact=contact, kind="follow_up", note="", due_at=later())
    assert list(followup_list(user=outsider)) == []
    with pytest.raises(NotFoundError):
        followup_done(by=outsider, followup=followup)
    assert FollowUp.objects.get().status == FollowUpStatus.OPEN


def test_a_viewer_sees_but_cannot_complete(contact, make_agent, make_staff):
    followup = followup_create(by=make_agent(), contact=contact, kind="callback", note="", due_at=later())
    viewer = make_staff("viewer")
    with pytest.raises(PermissionDeniedError):
        followup_done(by=viewer, followup=followup)
    assert FollowUp.objects.get().status == FollowUpStatus.OPEN


def test_the_list_filters_mine_and_overdue(contact, make_agent):
    # given
    me, colleague = make_agent(), make_agent()
    overdue = followup_create(by=me, contact=contact, kind="callback", note="", due_at=later(-1))
    mine = followup_create(by=me, contact=contact, kind="follow_up", note="", due_at=later(), assignee=me)
    theirs = followup_create(by=me, contact=contact, kind="follow_up", note="", due_at=later(3), assignee=colleague)
    # then
    assert list(followup_list(user=me)) == [overdue, mine, theirs]
    assert list(followup_list(user=me, filters={"mine": True})) == [overdue, mine]
    assert list(followup_list(user=me, filters={"overdue": True})) == [overdue]


def test_the_console_list_shows_open_follow_ups_and_completes_one(contact, make_agent, client_for):
    # given
    agent = make_agent()
    followup = followup_create(by=agent, contact=contact, kind="callback", note="回电话", due_at=later())
    client = client_for(agent)
    # when
    page = client.get("/service/follow-ups/")
    done = client.post(f"/service/follow-ups/{followup.pk}/done")
    # then
    assert page.status_code == 200 and "回电话" in page.content.decode()
    assert done.status_code == 302
    assert FollowUp.objects.get().status == FollowUpStatus.DONE


def test_the_follow_ups_api_creates_lists_and_completes(contact, make_agent, api_client_for):
    # given
    client = api_client_for(make_agent())
    body = {"contact_id": contact.pk, "kind": "follow_up", "note": "周五回访", "due_at": "2026-12-11T10:00:00+08:00"}
    # when
    created = client.post("/api/v1/service/follow-ups", body, content_type="application/json")
    listed = client.get("/api/v1/service/follow-ups")
    done = client.post(f"/api/v1/service/follow-ups/{created.json()['id']}/done")
    # then
    assert created.status_code == 201, created.content
    assert [item["note"] for item in listed.json()["items"]] == ["周五回访"]
    assert done.json()["status"] == "done"
