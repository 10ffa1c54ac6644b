from pathlib import Path

from django.conf import settings
from django.conf.urls.static import static
from django.urls import include, path, re_path
from django.views.i18n import set_language

from zhanggui.api import api
from zhanggui.core import policy
from zhanggui.core.api import api_path_unknown
from zhanggui.core.health import healthz
from zhanggui.core.permissions import permission_required

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/setlang/", permission_required(policy.PUBLIC)(set_language), name="set_language"),
    path("api/v1/", api.urls),
    # Any other path under /api/ is the API's JSON 404, whatever the method (and with DEBUG on).
    path("api/", include([re_path(r"", api_path_unknown)])),
    path("accounts/", include("zhanggui.accounts.urls")),
    path("stores/", include("zhanggui.stores.urls")),
    path("catalog/", include("zhanggui.catalog.urls")),
    path("orders/", include("zhanggui.orders.urls")),
    path("aftersales/", include("zhanggui.aftersales.urls")),
    path("service/", include("zhanggui.service.urls")),
    path("chat/", include("zhanggui.service.views.chat")),  # the public website chat widget
    path("", include("zhanggui.core.urls")),
]

if settings.DEBUG:
    # Only the public part of MEDIA_ROOT (pictures), as nginx does in production: never import files.
    public = settings.ZHANGGUI_PUBLIC_MEDIA_DIR
    urlpatterns += static(f"{settings.MEDIA_URL}{public}/", document_root=Path(settings.MEDIA_ROOT) / public)

handler403 = "zhanggui.core.views.errors.forbidden"
handler404 = "zhanggui.core.views.errors.not_found"
handler500 = "zhanggui.core.views.errors.server_error"
