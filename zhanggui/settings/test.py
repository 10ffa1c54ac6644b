"""Test settings: fast hashing, tasks run inline, nothing written outside a temp var dir."""

import atexit
import shutil
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import HUEY

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
HUEY = {**HUEY, "immediate": True}
CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
LIVE_REDIS_URL = ""  # the live hub in-process, even with REDIS_URL in the environment
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
AXES_ENABLED = True
ZHANGGUI_PII_REVEALS_PER_HOUR = 5

# Pictures and import files go to a directory of this test process, removed when it ends (the demo
# shop's pictures too, so parallel workers never write the same file).
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="zhanggui-test-media-"))
atexit.register(shutil.rmtree, MEDIA_ROOT, True)
