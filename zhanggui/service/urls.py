"""Console routes of the customer-service context (mounted at /service/ by the project's urls),
and its websockets (collected by ``zhanggui.asgi`` from each context's ``websocket_urlpatterns``)."""

from django.urls import path

from .views import actions, agents, canned, groups, history, settings, workspace
from .views import followups as channel_followups
from .views import images as channel_images
from .views import knowledge as knowledge_views
from .views import live as live_views
from .views import suggestions as suggestion_views
from .views.sockets import AgentSocket, ChatSocket

app_name = "service"

urlpatterns: list = [
    # --- history, transcript, canned replies ---
    *history.urlpatterns,
    *canned.urlpatterns,
    # --- assignment: agents, groups, settings, transfer ---
    *agents.urlpatterns,
    *groups.urlpatterns,
    *settings.urlpatterns,
    # --- channels: message images, follow-ups ---
    *channel_images.urlpatterns,
    *channel_followups.urlpatterns,
    # --- suggestions and the knowledge panel ---
    path("suggestions/", suggestion_views.SuggestionsView.as_view(), name="suggestions"),
    path("knowledge/", knowledge_views.KnowledgePanelView.as_view(), name="knowledge"),
    # --- live updates: the catch-up after a reconnect ---
    *live_views.urlpatterns,
]

websocket_urlpatterns: list = [
    path("ws/service/", AgentSocket.as_asgi()),
    path("ws/chat/<str:store_code>/", ChatSocket.as_asgi()),
]

# --- workspace: the live workspace, its thread actions and cards ---
urlpatterns += [*workspace.urlpatterns, *actions.urlpatterns]
