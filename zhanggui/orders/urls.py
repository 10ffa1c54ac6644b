from .views import (
    anomalies,
    blacklist,
    checklist,
    imports,
    orders,
    paperwork,
    ratings,
    settings,
    shipping_file,
    tracking,
)

app_name = "orders"

urlpatterns: list = [
    *checklist.urlpatterns,
    *imports.urlpatterns,
    *ratings.urlpatterns,
    *blacklist.urlpatterns,
    *anomalies.urlpatterns,
    *settings.urlpatterns,
    *shipping_file.urlpatterns,
    *paperwork.urlpatterns,
    *tracking.urlpatterns,
    *orders.urlpatterns,
]
