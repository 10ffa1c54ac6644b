"""``/healthz``'s check of the live events' Redis, when one is configured."""

from __future__ import annotations

import pytest
import redis
from django.test import Client, override_settings


class FakeRedis:
    answers = True

    def ping(self) -> bool:
        if not self.answers:
            raise redis.ConnectionError("refused")
        return True

    def close(self) -> None:
        pass


@pytest.fixture
def live_redis(monkeypatch):
    fake = FakeRedis()
    monkeypatch.setattr(redis.Redis, "from_url", classmethod(lambda cls, url, **kwargs: fake))
    with override_settings(LIVE_REDIS_URL="redis://127.0.0.1:6379/9"):
        yield fake


def test_healthz_pings_the_live_redis_when_there_is_one(db, live_redis):
    # when the site has a Redis for the live events, and it answers
    body = Client().get("/healthz").json()
    # then it is checked along with the rest
    assert sorted(body["checks"]) == ["channel_layer", "database", "live_redis", "task_queue"]
    assert body["checks"]["live_redis"]["ok"] is True


def test_healthz_is_unavailable_when_the_live_redis_is_down(db, live_redis):
    # given the live events' Redis refusing connections
    live_redis.answers = False
    # when the health is asked
    response = Client().get("/healthz")
    # then the site says it is unavailable, naming the check
    assert response.status_code == 503
    assert response.json()["checks"]["live_redis"] == {"ok": False, "error": "ConnectionError"}
