from __future__ import annotations

from django.test import Client

from zhanggui.accounts.models import ApiToken
from zhanggui.core.models import AuditEvent, IdempotentRequest


def _post(client, key, body):  # type: ignore[no-untyped-def]
    return client.post("/api/v1/core/pii/reveal", body, content_type="application/json", HTTP_IDEMPOTENCY_KEY=key)


def test_same_key_same_body_replays_the_stored_response(make_staff, store, api_client_for):
    # given an agent with a token
    client = api_client_for(make_staff("cs_agent"))
    body = {"model": "stores.store", "id": store.pk, "field": "contact_phone", "reason": "回电"}
    # when the same request is sent twice with one key
    first = _post(client, "k-1", body)
    second = _post(client, "k-1", body)
    # then the second is the stored answer and the reveal happened once
    assert first.status_code == second.status_code == 200
    assert second.json() == first.json() == {"value": "13900001111"}
    assert second["Idempotent-Replayed"] == "true"
    assert AuditEvent.objects.filter(action="pii.reveal").count() == 1


def test_same_key_other_body_is_a_conflict(make_staff, store, api_client_for):
    client = api_client_for(make_staff("cs_agent"))
    body = {"model": "stores.store", "id": store.pk, "field": "contact_phone", "reason": "回电"}
    _post(client, "k-2", body)
    response = _post(client, "k-2", {**body, "reason": "另一个原因"})
    assert response.status_code == 409
    assert response.json()["code"] == "idempotency_conflict"


def test_token_issue_is_idempotent_for_retries(make_staff, client):  # type: ignore[no-untyped-def]
    staff = make_staff("operator")
    staff.set_password("a-long-password-1")
    staff.save()
    body = {"username": staff.username, "password": "a-long-password-1", "name": "erp"}
    first = client.post("/api/v1/auth/tokens", body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="t1")
    # anonymous callers have no scope, so their keys are not stored: each call issues a token
    assert first.status_code == 201
    assert IdempotentRequest.objects.count() == 0
    assert ApiToken.objects.filter(staff=staff).count() == 1


def test_same_key_same_data_respaced_or_reordered_replays(make_staff, store, api_client_for):
    # given a reveal made with a key (bodies were compared as bytes: the same JSON re-spaced was a 409)
    client = api_client_for(make_staff("cs_agent"))
    url = "/api/v1/core/pii/reveal"
    first = client.post(
        url,
        f'{{"model": "stores.store", "id": {store.pk}, "field": "contact_phone", "reason": "回电"}}',
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="k-3",
    )
    # when the same data is sent again with the key, without spaces, keys in another order, escaped
    again = client.post(
        url,
        f'{{"reason":"\\u56de\\u7535","field":"contact_phone","id":{store.pk},"model":"stores.store"}}',
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="k-3",
    )
    # then it is the same request: the stored answer, and one reveal
    assert (first.status_code, again.status_code) == (200, 200)
    assert again["Idempotent-Replayed"] == "true"
    assert again.json() == first.json() == {"value": "13900001111"}
    assert AuditEvent.objects.filter(action="pii.reveal").count() == 1


def test_the_schema_documents_the_key_where_it_is_honoured(db):
    # given the published schema
    schema = Client().get("/api/v1/openapi.json").json()
    # then every signed-in POST takes the Idempotency-Key header, and nothing else does
    documented, undocumented = [], []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            names = [p["name"] for p in operation.get("parameters", []) if p["in"] == "header"]
            honoured = method == "post" and "security" in operation
            (documented if "Idempotency-Key" in names else undocumented).append((method, path, honoured))
    assert [entry for entry in documented if not entry[2]] == []
    assert [entry for entry in undocumented if entry[2]] == []
    assert len(documented) == 98  # after-sales: 28 of them; customer service: 14
