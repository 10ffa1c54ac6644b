"""Console routes of the after-sales context (mounted at /aftersales/ by the project's urls)."""

from .views import cases, defects, evidence, imports, reasons, report, settings

app_name = "aftersales"

urlpatterns: list = [
    # --- console ---
    *cases.urlpatterns,
    # --- imports of platform requests ---
    *imports.urlpatterns,
    # --- evidence, guidance, reasons, rules, defects, report ---
    *evidence.urlpatterns,
    *reasons.urlpatterns,
    *settings.urlpatterns,
    *defects.urlpatterns,
    *report.urlpatterns,
]
