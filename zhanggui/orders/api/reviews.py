"""API of the orders context: reviews."""

from zhanggui.core.api import ApiRouter

router = ApiRouter(tags=["reviews"])
