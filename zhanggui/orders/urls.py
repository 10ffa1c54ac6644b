from .views import anomalies, blacklist, checklist, imports, orders, ratings, settings, shipping_file, tracking

app_name = "orders"

urlpatterns: list = [
    *checklist.urlpatterns,
    *imports.urlpatterns,
    *ratings.urlpatterns,
    *blacklist.urlpatterns,
    *anomalies.urlpatterns,
    *settings.urlpatterns,
    *shipping_file.urlpatterns,
    *tracking.urlpatterns,
    *orders.urlpatterns,
]
