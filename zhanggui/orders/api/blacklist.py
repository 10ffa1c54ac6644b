"""API of the orders context: blacklist."""

from zhanggui.core.api import ApiRouter

router = ApiRouter(tags=["blacklist"])
