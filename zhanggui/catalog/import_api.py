from zhanggui.core.api import ApiRouter

router = ApiRouter(tags=["catalog imports"])
