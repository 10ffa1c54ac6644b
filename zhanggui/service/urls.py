"""Console routes of the customer-service context (mounted at /service/ by the project's urls)."""

from django.urls import path

from .views import followups as channel_followups
from .views import images as channel_images
from .views import knowledge as knowledge_views
from .views import suggestions as suggestion_views

app_name = "service"

urlpatterns: list = []

# --- suggestions and the knowledge panel ---
urlpatterns += [
    path("suggestions/", suggestion_views.SuggestionsView.as_view(), name="suggestions"),
    path("knowledge/", knowledge_views.KnowledgePanelView.as_view(), name="knowledge"),
]

# --- channels: message images, follow-ups ---
urlpatterns += [*channel_images.urlpatterns, *channel_followups.urlpatterns]
