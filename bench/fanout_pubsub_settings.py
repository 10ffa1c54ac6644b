"""bench/inbox_fanout.py --layer pubsub: production settings with channels-redis's pub/sub layer (one
PUBLISH per group and event, fanned out to the sockets inside the process) instead of its default
layer (one entry per socket in Redis, popped one at a time)."""

from zhanggui.settings.base import REDIS_URL
from zhanggui.settings.production import *  # noqa: F403

CHANNEL_LAYERS = {
    "default": {"BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer", "CONFIG": {"hosts": [REDIS_URL]}}
}
