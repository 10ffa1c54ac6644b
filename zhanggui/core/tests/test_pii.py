from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhanggui.core.exceptions import PermissionDeniedError, RateLimitedError, ValidationFailed
from zhanggui.core.models import AuditEvent
from zhanggui.core.pii import mask_address, mask_id_number, mask_name, mask_phone, pii_reveal

digits = st.text(alphabet="0123456789", min_size=0, max_size=20)
text = st.text(min_size=0, max_size=60)


def test_masks_known_values():
    assert mask_phone("13812341234") == "138****1234"
    assert mask_name("张三") == "张*"
    assert mask_name("欧阳娜娜") == "欧***"
    assert mask_id_number("110101199003071234") == "1****************4"
    assert mask_address("浙江省杭州市西湖区文三路100号") == "浙江省杭州****"
    assert mask_phone("") == mask_name(None) == ""


@given(digits)
def test_mask_phone_keeps_length_and_hides_the_middle(value):
    masked = mask_phone(value)
    assert len(masked) == len(value)
    if len(value) >= 8:
        assert masked[:3] == value[:3] and masked[-4:] == value[-4:]
        assert set(masked[3:-4]) <= {"*"}
    # never shows more than seven of the original characters
    assert sum(1 for a, b in zip(masked, value, strict=True) if a == b and a != "*") <= 7


@given(text)
def test_mask_name_shows_at_most_the_first_character(value):
    masked = mask_name(value)
    assert len(masked) == len(value)
    if len(value) > 1:
        assert masked[0] == value[0] and set(masked[1:]) == {"*"}


@given(text)
def test_mask_address_hides_at_least_two_thirds(value):
    masked = mask_address(value)
    if value:
        shown = masked.rstrip("*")
        assert value.startswith(shown)
        assert len(shown) <= len(value) // 3
        assert masked.endswith("****")


@given(st.text(alphabet="0123456789X", min_size=0, max_size=20))
def test_mask_id_number_keeps_length(value):
    masked = mask_id_number(value)
    assert len(masked) == len(value)
    assert masked.count("*") >= len(value) - 2


def test_reveal_returns_the_value_and_writes_one_audit_row(make_staff, store):
    # given an agent of the store
    agent = make_staff("cs_agent")
    before = AuditEvent.objects.count()
    # when the agent reveals the store contact's phone with a reason
    value = pii_reveal(by=agent, obj=store, field="contact_phone", reason="回电确认发货")
    # then the full value comes back and exactly one audit row records it
    assert value == "13900001111"
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.first()
    assert (event.actor, event.action, event.reason, event.after) == (
        agent,
        "pii.reveal",
        "回电确认发货",
        {"field": "contact_phone", "kind": "phone"},
    )


def test_reveal_needs_permission_reason_and_scope(make_staff, store, other_store):
    analyst = make_staff("editor")
    agent = make_staff("cs_agent")
    with pytest.raises(PermissionDeniedError):
        pii_reveal(by=analyst, obj=store, field="contact_phone", reason="看看")
    with pytest.raises(ValidationFailed) as missing_reason:
        pii_reveal(by=agent, obj=store, field="contact_phone", reason=" ")
    assert missing_reason.value.errors[0].field == "reason"
    from zhanggui.core.exceptions import NotFoundError

    with pytest.raises(NotFoundError):
        pii_reveal(by=agent, obj=other_store, field="contact_phone", reason="回电")
    assert AuditEvent.objects.filter(action="pii.reveal").count() == 0


def test_reveal_rate_limit_holds(make_staff, store, settings):
    # given a limit of 5 reveals per hour (test settings)
    agent = make_staff("cs_agent")
    for _ in range(settings.ZHANGGUI_PII_REVEALS_PER_HOUR):
        pii_reveal(by=agent, obj=store, field="contact_phone", reason="回电")
    # when the agent asks once more
    with pytest.raises(RateLimitedError):
        pii_reveal(by=agent, obj=store, field="contact_phone", reason="回电")
    # then the refused reveal left no audit row
    assert AuditEvent.objects.filter(action="pii.reveal", actor=agent).count() == 5


def test_api_reveal_over_the_limit_is_a_documented_429(make_staff, store, settings, api_client_for):
    # given an agent who has used up the hour's reveals
    agent = make_staff("cs_agent")
    for _ in range(settings.ZHANGGUI_PII_REVEALS_PER_HOUR):
        pii_reveal(by=agent, obj=store, field="contact_phone", reason="回电")
    client = api_client_for(agent)
    # when the agent asks once more through the API
    response = client.post(
        "/api/v1/core/pii/reveal",
        {"model": "stores.store", "id": store.pk, "field": "contact_phone", "reason": "回电"},
        content_type="application/json",
    )
    # then the answer is 429 in the error format, and the published schema documents it
    assert response.status_code == 429
    assert response.json()["code"] == "rate_limited"
    operation = client.get("/api/v1/openapi.json").json()["paths"]["/api/v1/core/pii/reveal"]["post"]
    assert "429" in operation["responses"]
    assert AuditEvent.objects.filter(action="pii.reveal", actor=agent).count() == 5


def test_console_reveal_fragment(make_staff, store, client_for):
    agent = make_staff("cs_agent")
    client = client_for(agent)
    masked = client.get(f"/reveal/stores.store/{store.pk}/contact_phone/")
    assert "139****1111" in masked.content.decode()
    revealed = client.post(f"/reveal/stores.store/{store.pk}/contact_phone/", {"reason": "核对联系人"})
    assert "13900001111" in revealed.content.decode()
    assert AuditEvent.objects.filter(action="pii.reveal").count() == 1
