from django.urls import include, path

app_name = "catalog"

urlpatterns: list = [
    path("imports/", include("zhanggui.catalog.import_urls")),
]
