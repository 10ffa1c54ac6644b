"""Console URLs of the product import and export, included under ``catalog/imports/`` (namespace ``catalog``)."""

from django.urls import path

from .views import imports as import_views

urlpatterns = [
    path("", import_views.ImportListView.as_view(), name="import_list"),
    path("new/", import_views.ImportStartView.as_view(), name="import_start"),
    path("template/", import_views.ImportTemplateView.as_view(), name="import_template"),
    path("export/", import_views.ProductExportView.as_view(), name="product_export"),
    *import_views.PRODUCT_IMPORT.job_urls(),
]
