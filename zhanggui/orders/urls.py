from .views import anomalies, blacklist, checklist, imports, orders, ratings, settings, shipping_file

app_name = "orders"

urlpatterns: list = [
    *checklist.urlpatterns,
    *imports.urlpatterns,
    *ratings.urlpatterns,
    *blacklist.urlpatterns,
    *anomalies.urlpatterns,
    *settings.urlpatterns,
    *shipping_file.urlpatterns,
    *orders.urlpatterns,
]
