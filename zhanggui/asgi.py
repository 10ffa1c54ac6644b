"""ASGI entry point: HTTP and websockets (`/ws/`) through Channels under uvicorn."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhanggui.settings.dev")
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from zhanggui.core.registry import contributions  # noqa: E402
from zhanggui.core.routing import websocket_urlpatterns  # noqa: E402

# The kernel's sockets, then each context's ``urls.websocket_urlpatterns``, app after app.
websocket_urlpatterns = [*websocket_urlpatterns, *contributions("urls", "websocket_urlpatterns")]

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns))),
    }
)
