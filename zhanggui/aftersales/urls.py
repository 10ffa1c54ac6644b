"""Console routes of the after-sales context (mounted at /aftersales/ by the project's urls)."""

from django.urls import path  # noqa: F401 - areas add their routes below

from .views import cases, imports

app_name = "aftersales"

urlpatterns: list = [
    # --- console (as-console) ---
    *cases.urlpatterns,
    # --- imports of platform requests (as-imports) ---
    *imports.urlpatterns,
]
