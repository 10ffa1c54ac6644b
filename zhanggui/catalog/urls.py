from django.urls import path

from .views import categories, images, imports, knowledge, products, skus, stock

app_name = "catalog"

urlpatterns: list = [
    path("imports/", imports.ImportListView.as_view(), name="import_list"),
    path("imports/new/", imports.ImportStartView.as_view(), name="import_start"),
    path("imports/template/", imports.ImportTemplateView.as_view(), name="import_template"),
    path("imports/export/", imports.ProductExportView.as_view(), name="product_export"),
    *imports.PRODUCT_IMPORT.job_urls("imports/"),
    path("products/", products.ProductListView.as_view(), name="product_list"),
    path("products/new/", products.ProductCreateView.as_view(), name="product_create"),
    path("products/<int:pk>/", products.ProductDetailView.as_view(), name="product_detail"),
    path("products/<int:pk>/edit/", products.ProductEditView.as_view(), name="product_edit"),
    path("products/<int:pk>/listings/", products.ListingStatusView.as_view(), name="listing_status"),
    path("products/<int:pk>/pictures/", images.ProductImageUploadView.as_view(), name="product_image_upload"),
    path("pictures/<int:pk>/move/", images.ProductImageMoveView.as_view(), name="product_image_move"),
    path("pictures/<int:pk>/remove/", images.ProductImageRemoveView.as_view(), name="product_image_remove"),
    path("pictures/<int:pk>/skus/", images.ProductImageSkusView.as_view(), name="product_image_skus"),
    path("products/<int:pk>/skus/new/", skus.SkuCreateView.as_view(), name="sku_create"),
    path("skus/", skus.SkuListView.as_view(), name="sku_list"),
    path("skus/<int:pk>/", skus.SkuEditView.as_view(), name="sku_edit"),
    path("skus/<int:pk>/price/", skus.SkuPriceView.as_view(), name="sku_price"),
    path("skus/<int:pk>/price-floor/", skus.SkuPriceFloorView.as_view(), name="sku_price_floor"),
    path("skus/<int:pk>/stock/", skus.StockAdjustView.as_view(), name="stock_adjust"),
    path("stock/", stock.StockListView.as_view(), name="stock_list"),
    path("stock/low/", stock.LowStockView.as_view(), name="low_stock"),
    path("warehouses/", stock.WarehouseListView.as_view(), name="warehouse_list"),
    path("warehouses/new/", stock.WarehouseCreateView.as_view(), name="warehouse_create"),
    path("warehouses/<int:pk>/", stock.WarehouseEditView.as_view(), name="warehouse_edit"),
    path("categories/", categories.CategoryTreeView.as_view(), name="category_list"),
    path("categories/<int:pk>/", categories.CategoryEditView.as_view(), name="category_edit"),
    path("knowledge/", knowledge.KnowledgeSearchView.as_view(), name="knowledge_search"),
    path("knowledge/new/", knowledge.KnowledgeCreateView.as_view(), name="knowledge_create"),
    path("knowledge/<int:pk>/", knowledge.KnowledgeEditView.as_view(), name="knowledge_edit"),
    path("knowledge/<int:pk>/delete/", knowledge.KnowledgeDeleteView.as_view(), name="knowledge_delete"),
]
