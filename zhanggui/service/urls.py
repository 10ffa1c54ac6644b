"""Console routes of the customer-service context (mounted at /service/ by the project's urls)."""

from django.urls import path

# --- live updates (svc-live) ---
from .views import live as live_views
from .views.sockets import AgentSocket, ChatSocket

# --- end live updates ---

app_name = "service"

urlpatterns: list = [
    # --- live updates (svc-live) ---
    *live_views.urlpatterns,
]

# Collected by zhanggui.asgi (each context's ``websocket_urlpatterns``).
websocket_urlpatterns: list = [
    # --- live updates (svc-live) ---
    path("ws/service/", AgentSocket.as_asgi()),
    path("ws/chat/<str:store_code>/", ChatSocket.as_asgi()),
]
