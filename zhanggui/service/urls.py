"""Console routes of the customer-service context (mounted at /service/ by the project's urls)."""

from .views import canned, history

app_name = "service"

urlpatterns: list = [
    # --- history, transcript, canned replies (svc-data) ---
    *history.urlpatterns,
    *canned.urlpatterns,
]
