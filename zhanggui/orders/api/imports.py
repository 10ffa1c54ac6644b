"""API of the orders context: imports."""

from zhanggui.core.api import ApiRouter

router = ApiRouter(tags=["imports"])
