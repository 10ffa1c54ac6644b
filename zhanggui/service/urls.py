"""Console routes of the customer-service context (mounted at /service/ by the project's urls)."""

app_name = "service"

urlpatterns: list = []
