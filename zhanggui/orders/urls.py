from .views import anomalies, blacklist, checklist, imports, orders, reviews, settings, shipping_file

app_name = "orders"

urlpatterns: list = [
    *checklist.urlpatterns,
    *imports.urlpatterns,
    *reviews.urlpatterns,
    *blacklist.urlpatterns,
    *anomalies.urlpatterns,
    *settings.urlpatterns,
    *shipping_file.urlpatterns,
    *orders.urlpatterns,
]
