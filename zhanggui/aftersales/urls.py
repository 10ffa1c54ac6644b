"""Console routes of the after-sales context (mounted at /aftersales/ by the project's urls)."""

from django.urls import path  # noqa: F401 - areas add their routes below

# as-feedback: evidence, guidance, reasons, rules, defects, report
from .views import defects, evidence, reasons, report, settings

app_name = "aftersales"

urlpatterns: list = []

# as-feedback: evidence, guidance, reasons, rules, defects, report
urlpatterns += [
    *evidence.urlpatterns,
    *reasons.urlpatterns,
    *settings.urlpatterns,
    *defects.urlpatterns,
    *report.urlpatterns,
]
