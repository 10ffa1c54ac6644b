"""API of the orders context: orders."""

from zhanggui.core.api import ApiRouter

router = ApiRouter(tags=["orders"])
