"""Production settings: they pass Django's deployment check, and refuse to load without what they need."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

pytestmark = pytest.mark.slow  # each test starts a second Django process

ROOT = Path(__file__).resolve().parents[3]
REQUIRED = ("DATABASE_URL", "REDIS_URL", "SECRET_KEY", "ZHANGGUI_FIELD_KEYS")
REFUSAL = (
    "django.core.exceptions.ImproperlyConfigured: Production settings (zhanggui.settings.production) cannot start:"
)


def production_environment(**changes: str | None) -> dict[str, str]:
    """What production needs (docs/operations.md), with ``changes`` applied (None removes a variable)."""
    env = {
        **{name: value for name, value in os.environ.items() if name not in REQUIRED},
        "DJANGO_SETTINGS_MODULE": "zhanggui.settings.production",
        # Nothing is connected to by the checks: the addresses only have to be well formed.
        "DATABASE_URL": "postgres://zhanggui@db.invalid:5432/zhanggui",
        "REDIS_URL": "redis://redis.invalid:6379/0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ZHANGGUI_FIELD_KEYS": Fernet.generate_key().decode(),
        "ALLOWED_HOSTS": "zhanggui.example.com",
        "CSRF_TRUSTED_ORIGINS": "https://zhanggui.example.com",
    }
    env.pop("ZHANGGUI_BEHIND_HTTPS", None)
    for name, value in changes.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


def manage_check(env: dict[str, str], *options: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", "check", *options],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def refusal(result: subprocess.CompletedProcess[str]) -> list[str]:
    """The lines of the settings' refusal, from its first line to the end of the traceback."""
    lines = result.stderr.splitlines()
    return lines[lines.index(REFUSAL) :] if REFUSAL in lines else lines


def test_production_settings_pass_the_deploy_check():
    # given production settings with everything they need from the environment
    env = production_environment()
    # when Django's deployment check runs, failing on warnings too
    result = manage_check(env, "--deploy", "--fail-level", "WARNING")
    # then it reports no issue at all
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


MISSING = {
    "DATABASE_URL": "  DATABASE_URL is missing: the PostgreSQL database, postgres://user:password@host:5432/name.",
    "REDIS_URL": (
        "  REDIS_URL is missing: Redis for the task queue, the websocket channel layer and the cache,"
        " redis://host:6379/0."
    ),
    "SECRET_KEY": "  SECRET_KEY is missing: signs sessions and tokens; 50 or more random characters.",
    "ZHANGGUI_FIELD_KEYS": (
        "  ZHANGGUI_FIELD_KEYS is missing: Fernet keys encrypting store credentials, comma separated, newest first."
    ),
}
SEE_DOCS = "See docs/operations.md for every variable."


@pytest.mark.parametrize("name", REQUIRED)
def test_production_settings_refuse_to_start_without_a_required_variable(name):
    # given production settings with one required variable unset
    env = production_environment(**{name: None})
    # when anything loads them
    result = manage_check(env)
    # then they refuse, naming the variable and what it is for
    assert result.returncode == 1
    assert refusal(result) == [REFUSAL, MISSING[name], SEE_DOCS]
    assert result.stdout == ""


def test_production_settings_name_every_missing_variable_at_once():
    # given production settings with none of the required variables
    env = production_environment(**dict.fromkeys(REQUIRED))
    # when anything loads them
    result = manage_check(env)
    # then one message names all four
    assert result.returncode == 1
    assert refusal(result) == [REFUSAL, *MISSING.values(), SEE_DOCS]


def test_production_settings_refuse_sqlite_and_a_malformed_field_key():
    # given a SQLite database and a field key list whose second key is not a Fernet key
    env = production_environment(
        DATABASE_URL="sqlite:////srv/zhanggui/db.sqlite3",
        ZHANGGUI_FIELD_KEYS=Fernet.generate_key().decode() + ",not-a-key",
    )
    # when anything loads them
    result = manage_check(env)
    # then they refuse both
    assert result.returncode == 1
    assert refusal(result) == [
        REFUSAL,
        "  DATABASE_URL must be PostgreSQL: the PostgreSQL database, postgres://user:password@host:5432/name.",
        "  ZHANGGUI_FIELD_KEYS: key 2 is not a Fernet key (32 url-safe base64 bytes).",
        SEE_DOCS,
    ]


def test_plain_http_is_an_explicit_choice_the_deploy_check_reports():
    # given production settings told that they are served over plain HTTP on purpose
    env = production_environment(ZHANGGUI_BEHIND_HTTPS="0")
    # when Django's deployment check runs
    result = manage_check(env, "--deploy")
    # then it loads, and warns exactly about what plain HTTP turns off: HSTS, the redirect, secure cookies
    assert result.returncode == 0, result.stderr
    codes = [line.split(")")[0].removeprefix("?: (") for line in result.stderr.splitlines() if line.startswith("?: (")]
    # (W010, not W012: the session middleware is our subclass, which Django's check does not name)
    assert codes == ["security.W004", "security.W008", "security.W010", "security.W016"]
