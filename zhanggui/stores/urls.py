from django.urls import path

from .views import stores as views

app_name = "stores"

urlpatterns = [
    path("", views.StoreListView.as_view(), name="store_list"),
    path("new/", views.StoreCreateView.as_view(), name="store_create"),
    path("<int:pk>/", views.StoreDetailView.as_view(), name="store_detail"),
    path("<int:pk>/edit/", views.StoreEditView.as_view(), name="store_edit"),
    path("<int:pk>/credentials/", views.StoreCredentialsView.as_view(), name="store_credentials"),
]
