"""Writes of the orders context. Every service checks permission and scope and writes one audit row
(stock moves it causes are audited by the catalog as well).

Other contexts import from here: ``from zhanggui.orders.services import order_ship``.
"""

from .anomalies import anomaly_clear_stuck, order_anomaly_resolve, order_stuck_shipments_flag
from .batch import BatchResult, ShipItem, order_batch_approve, order_batch_memo_set, order_batch_ship
from .blacklist import blacklist_entry_add, blacklist_entry_remove
from .completion import order_complete_delivered_expired
from .edits import (
    order_address_change,
    order_line_sku_change,
    order_memo_set,
    order_price_adjust,
    order_shipping_fee_change,
)
from .exports import EXPORT_FORMATS, order_export
from .lifecycle import (
    order_cancel,
    order_close_unpaid_expired,
    order_complete,
    order_deliver,
    order_pay,
    order_review_approve,
    order_review_hold,
    review_route,
)
from .paperwork import PACKING_SLIPS, PICKING_LIST, order_labels_print, order_paperwork_pdf
from .platform import OrderData, OrderLineData, platform_paid, platform_refund, platform_times
from .ratings import RatingData, store_rating_batch_upsert, store_rating_upsert
from .refunds import RefundReport, order_refund_apply, order_refunds_record
from .replacements import order_replacement_create
from .settings import order_settings_update
from .shipping import order_ship, shipment_fields
from .shipping_file import order_shipping_file_apply
from .tracking import (
    ShipmentEvents,
    TrackingEventData,
    shipment_tracking_add,
    shipment_tracking_batch_add,
    tracking_event_clean,
)
from .tracking_pool import (
    PoolAddResult,
    PrintShipResult,
    order_batch_print_ship,
    tracking_pool_add,
    tracking_pool_import,
)
from .upsert import order_upsert

__all__ = [
    "EXPORT_FORMATS",
    "PACKING_SLIPS",
    "PICKING_LIST",
    "BatchResult",
    "OrderData",
    "OrderLineData",
    "PoolAddResult",
    "PrintShipResult",
    "RatingData",
    "RefundReport",
    "ShipItem",
    "ShipmentEvents",
    "TrackingEventData",
    "anomaly_clear_stuck",
    "blacklist_entry_add",
    "blacklist_entry_remove",
    "order_address_change",
    "order_anomaly_resolve",
    "order_batch_approve",
    "order_batch_memo_set",
    "order_batch_print_ship",
    "order_batch_ship",
    "order_cancel",
    "order_close_unpaid_expired",
    "order_complete",
    "order_complete_delivered_expired",
    "order_deliver",
    "order_export",
    "order_labels_print",
    "order_line_sku_change",
    "order_memo_set",
    "order_paperwork_pdf",
    "order_pay",
    "order_price_adjust",
    "order_refund_apply",
    "order_refunds_record",
    "order_replacement_create",
    "order_review_approve",
    "order_review_hold",
    "order_settings_update",
    "order_ship",
    "order_shipping_fee_change",
    "order_shipping_file_apply",
    "order_stuck_shipments_flag",
    "order_upsert",
    "platform_paid",
    "platform_refund",
    "platform_times",
    "review_route",
    "shipment_fields",
    "shipment_tracking_add",
    "shipment_tracking_batch_add",
    "store_rating_batch_upsert",
    "store_rating_upsert",
    "tracking_event_clean",
    "tracking_pool_add",
    "tracking_pool_import",
]
