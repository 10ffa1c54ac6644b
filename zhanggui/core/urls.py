from django.urls import path

from .views import pages

app_name = "core"

urlpatterns = [
    path("", pages.HomeView.as_view(), name="home"),
    path("audit/", pages.AuditListView.as_view(), name="audit_list"),
    path("saved-filters/", pages.SavedFilterCreateView.as_view(), name="saved_filter_create"),
    path("saved-filters/<int:pk>/delete/", pages.SavedFilterDeleteView.as_view(), name="saved_filter_delete"),
    path("reveal/<str:model>/<int:pk>/<str:field>/", pages.RevealView.as_view(), name="reveal"),
    path("imports/<int:pk>/progress/", pages.ImportJobProgressView.as_view(), name="import_progress"),
]
