"""Console pages of the orders context: the order list, an order's page, its actions and edits, the review queue."""

from django.urls import path

from . import edits, order_detail, order_list, review_queue

urlpatterns: list = [
    path("", order_list.OrderListView.as_view(), name="order_list"),
    path("review-queue/", review_queue.ReviewQueueView.as_view(), name="review_queue"),
    path("<int:pk>/", order_detail.OrderDetailView.as_view(), name="order_detail"),
    path("<int:pk>/approve/", order_detail.OrderApproveView.as_view(), name="order_approve"),
    path("<int:pk>/hold/", order_detail.OrderHoldView.as_view(), name="order_hold"),
    path("<int:pk>/cancel/", order_detail.OrderCancelView.as_view(), name="order_cancel"),
    path("<int:pk>/ship/", order_detail.OrderShipView.as_view(), name="order_ship"),
    path("<int:pk>/deliver/", order_detail.OrderDeliverView.as_view(), name="order_deliver"),
    path("<int:pk>/anomalies/resolve/", order_detail.OrderAnomalyResolveView.as_view(), name="order_anomaly_resolve"),
    path("<int:pk>/address/", edits.OrderAddressEditView.as_view(), name="order_address_edit"),
    path("<int:pk>/shipping-fee/", edits.OrderShippingFeeView.as_view(), name="order_shipping_fee_edit"),
    path("<int:pk>/price/", edits.OrderPriceAdjustView.as_view(), name="order_price_adjust"),
    path("<int:pk>/lines/<int:line_id>/sku/", edits.OrderLineSkuView.as_view(), name="order_line_sku_edit"),
    path("<int:pk>/memo/", edits.OrderMemoView.as_view(), name="order_memo_edit"),
]
