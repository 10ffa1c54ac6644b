"""API of the orders context: webhooks."""

from zhanggui.core.api import ApiRouter

router = ApiRouter(tags=["webhooks"])
