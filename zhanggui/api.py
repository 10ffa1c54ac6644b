"""The API's composition root: the kernel's NinjaAPI with the kernel's and every context's routes.

Each context lists its routers in ``<app>/api`` as ``ROUTES`` (prefix under ``/api/v1``, router);
they are mounted app after app in ``INSTALLED_APPS`` order. ``urls.py`` serves ``api.urls``.
"""

from zhanggui.core.api import api
from zhanggui.core.api_routes import router as kernel_router
from zhanggui.core.registry import contributions

api.add_router("/core", kernel_router)
for prefix, router in contributions("api", "ROUTES"):
    api.add_router(prefix, router)

__all__ = ["api"]
