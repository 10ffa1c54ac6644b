"""Production: PostgreSQL, Redis, HTTPS behind a reverse proxy (docs/operations.md).

Every secret comes from the environment, and nothing falls back to the embedded defaults: without
PostgreSQL, Redis, a secret key or the field encryption keys the settings refuse to load, naming
every missing variable. `manage.py check --deploy` passes with no warnings.
"""

import os

from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATABASES

REQUIRED = {
    "DATABASE_URL": "the PostgreSQL database, postgres://user:password@host:5432/name",
    "REDIS_URL": "Redis for the task queue, the websocket channel layer and the cache, redis://host:6379/0",
    "SECRET_KEY": "signs sessions and tokens; 50 or more random characters",
    "ZHANGGUI_FIELD_KEYS": "Fernet keys encrypting store credentials, comma separated, newest first",
}


def _configuration_problems() -> list[str]:
    problems = [f"{name} is missing: {use}." for name, use in REQUIRED.items() if not os.environ.get(name)]
    if os.environ.get("DATABASE_URL") and DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        problems.append(f"DATABASE_URL must be PostgreSQL: {REQUIRED['DATABASE_URL']}.")
    for number, key in enumerate(k for k in os.environ.get("ZHANGGUI_FIELD_KEYS", "").split(",") if k):
        try:
            Fernet(key.encode())
        except ValueError:
            problems.append(f"ZHANGGUI_FIELD_KEYS: key {number + 1} is not a Fernet key (32 url-safe base64 bytes).")
    if os.environ.get("ZHANGGUI_BEHIND_HTTPS", "1") not in ("0", "1"):
        problems.append("ZHANGGUI_BEHIND_HTTPS must be 1 (the default: served over HTTPS) or 0 (plain HTTP).")
    return problems


if problems := _configuration_problems():
    raise ImproperlyConfigured(
        "Production settings (zhanggui.settings.production) cannot start:\n  "
        + "\n  ".join(problems)
        + "\nSee docs/operations.md for every variable."
    )

DEBUG = False
SECRET_KEY = os.environ["SECRET_KEY"]
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

# HTTPS only, unless ZHANGGUI_BEHIND_HTTPS=0 says this instance is served over plain HTTP on
# purpose (a local smoke run): then no redirect, no HSTS, and cookies a browser sends over HTTP.
BEHIND_HTTPS = os.environ.get("ZHANGGUI_BEHIND_HTTPS", "1") == "1"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = BEHIND_HTTPS
SECURE_HSTS_SECONDS = 31_536_000 if BEHIND_HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = BEHIND_HTTPS
SECURE_HSTS_PRELOAD = BEHIND_HTTPS
SESSION_COOKIE_SECURE = BEHIND_HTTPS
CSRF_COOKIE_SECURE = BEHIND_HTTPS
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 12 * 3600

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
