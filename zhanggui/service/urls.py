"""Console routes of the customer-service context (mounted at /service/ by the project's urls)."""

# --- channels: message images, follow-ups ---
from .views import followups as channel_followups
from .views import images as channel_images

app_name = "service"

urlpatterns: list = [
    # --- channels ---
    *channel_images.urlpatterns,
    *channel_followups.urlpatterns,
]
