"""Settings of the bare app: Django's defaults, no middleware, no app but this one.

The database settings are the real app's production ones (persistent connections with health
checks), so the baseline pays for the same connection handling as the app it is compared with.
"""

import os

from zhanggui.settings.production import DATABASES  # noqa: F401 - the app's own database settings

SECRET_KEY = os.environ["SECRET_KEY"]
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = ["bench.bare"]
MIDDLEWARE: list[str] = []
ROOT_URLCONF = "bench.bare.urls"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
