from .views import blacklist, checklist, imports, orders, reviews

app_name = "orders"

urlpatterns: list = [
    *checklist.urlpatterns,
    *imports.urlpatterns,
    *reviews.urlpatterns,
    *blacklist.urlpatterns,
    *orders.urlpatterns,
]
