"""API of the orders context: checklist."""

from zhanggui.core.api import ApiRouter

router = ApiRouter(tags=["checklist"])
