"""Console routes of the customer-service context (mounted at /service/ by the project's urls)."""

from .views import actions, workspace

app_name = "service"

urlpatterns: list = [
    # --- workspace: the live workspace, its thread actions and cards ---
    *workspace.urlpatterns,
    *actions.urlpatterns,
]
