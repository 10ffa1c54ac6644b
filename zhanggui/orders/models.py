"""Orders of every store: buyers, orders and their lines, shipments and tracking, per-store settings."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import constants
from .states import LogisticsStatus, OrderStatus

ZERO = Decimal("0.00")


class MemoFlag(models.TextChoices):
    """The coloured flag a seller puts on an order next to the memo (旗帜), as on Taobao."""

    NONE = "none", _("No flag")
    RED = "red", _("Red")
    YELLOW = "yellow", _("Yellow")
    GREEN = "green", _("Green")
    BLUE = "blue", _("Blue")
    PURPLE = "purple", _("Purple")


class Buyer(models.Model):
    """A shopper of one store, known by their platform nickname (买家会员名)."""

    store = models.ForeignKey("stores.Store", verbose_name=_("store"), on_delete=models.PROTECT, related_name="buyers")
    nickname = models.CharField(_("buyer nickname"), max_length=80)
    name = models.CharField(_("name"), max_length=60, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("buyer")
        verbose_name_plural = _("buyers")
        ordering = ["store_id", "nickname"]
        constraints = [models.UniqueConstraint(fields=["store", "nickname"], name="buyer_unique_nickname_in_store")]

    def __str__(self) -> str:
        return self.nickname


class Order(models.Model):
    """One order a buyer placed in one store, from payment through review and shipment to completion."""

    store = models.ForeignKey("stores.Store", verbose_name=_("store"), on_delete=models.PROTECT, related_name="orders")
    platform_order_id = models.CharField(_("order number"), max_length=40)  # 订单编号
    buyer = models.ForeignKey(Buyer, verbose_name=_("buyer"), on_delete=models.PROTECT, related_name="orders")
    status = models.CharField(
        _("status"), max_length=20, choices=OrderStatus.choices, default=OrderStatus.PENDING_PAYMENT
    )
    # 缺货: paid, but its units could not all be reserved; it waits for stock.
    out_of_stock = models.BooleanField(_("out of stock"), default=False)
    goods_amount = models.DecimalField(_("goods amount"), max_digits=12, decimal_places=2, default=ZERO)
    shipping_fee = models.DecimalField(_("shipping fee"), max_digits=12, decimal_places=2, default=ZERO)
    platform_discount = models.DecimalField(_("platform discount"), max_digits=12, decimal_places=2, default=ZERO)
    seller_discount = models.DecimalField(_("seller discount"), max_digits=12, decimal_places=2, default=ZERO)
    paid_amount = models.DecimalField(_("paid amount"), max_digits=12, decimal_places=2, default=ZERO)
    refunded_amount = models.DecimalField(_("refunded amount"), max_digits=12, decimal_places=2, default=ZERO)
    receiver_name = models.CharField(_("receiver"), max_length=60, blank=True)
    receiver_phone = models.CharField(_("receiver phone"), max_length=20, blank=True)
    province = models.CharField(_("province"), max_length=30, blank=True)
    city = models.CharField(_("city"), max_length=30, blank=True)
    district = models.CharField(_("district"), max_length=30, blank=True)
    address_detail = models.CharField(_("street address"), max_length=200, blank=True)
    buyer_message = models.TextField(_("buyer message"), blank=True)  # 买家留言
    seller_memo = models.TextField(_("seller memo"), blank=True)  # 卖家备注
    memo_flag = models.CharField(_("flag"), max_length=10, choices=MemoFlag.choices, default=MemoFlag.NONE)
    created_at = models.DateTimeField(_("ordered"), default=timezone.now)  # on the platform
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)
    shipped_at = models.DateTimeField(_("shipped"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    close_reason = models.CharField(_("close reason"), max_length=200, blank=True)
    review_reasons = models.JSONField(_("review reasons"), default=list, blank=True)
    # 异常: codes of what went wrong after review (``orders.constants``); empty when all is well.
    anomalies = models.JSONField(_("anomalies"), default=list, blank=True)
    warehouse = models.ForeignKey(
        "catalog.Warehouse",
        verbose_name=_("warehouse"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="orders",
    )
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    # 物流状态: where its parcels are (``states.order_logistics_status``); kept by the tracking service.
    logistics_status = models.CharField(
        _("logistics status"), max_length=20, choices=LogisticsStatus.choices, blank=True, default="", db_default=""
    )

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["store", "platform_order_id"], name="order_unique_number_in_store"),
            models.CheckConstraint(
                condition=Q(goods_amount__gte=0)
                & Q(shipping_fee__gte=0)
                & Q(platform_discount__gte=0)
                & Q(seller_discount__gte=0)
                & Q(paid_amount__gte=0)
                & Q(refunded_amount__gte=0),
                name="order_amounts_not_negative",
            ),
            models.CheckConstraint(condition=Q(refunded_amount__lte=F("paid_amount")), name="order_refund_within_paid"),
        ]
        indexes = [
            models.Index(fields=["store", "status", "created_at"], name="order_store_status_created"),
            models.Index(fields=["status", "created_at"], name="order_status_created"),
            # The unfiltered list, newest first, reads this index backwards instead of sorting every order.
            models.Index(fields=["created_at", "id"], name="order_created_id"),
            # The list filtered by logistics status, newest first.
            models.Index(fields=["logistics_status", "created_at"], name="order_logistics_created"),
        ]

    def __str__(self) -> str:
        return self.platform_order_id

    @property
    def full_address(self) -> str:
        return "".join([self.province, self.city, self.district, self.address_detail])


class OrderAnomaly(models.Model):
    """One anomaly (异常) an order carries: the indexed copy of a code in ``Order.anomalies``, so the
    list finds the orders carrying one without reading every order's JSON. Written only by the
    anomaly helpers (``services.anomalies.flag`` / ``unflag``) together with that list."""

    order = models.ForeignKey(Order, verbose_name=_("order"), on_delete=models.CASCADE, related_name="+")
    code = models.CharField(_("anomaly"), max_length=40)

    class Meta:
        verbose_name = _("order anomaly")
        verbose_name_plural = _("order anomalies")
        constraints = [models.UniqueConstraint(fields=["code", "order"], name="order_anomaly_unique_code")]

    def __str__(self) -> str:
        return f"{self.order_id}: {self.code}"


class OrderLine(models.Model):
    """One product line of an order (子订单): a SKU, its price and quantity as bought."""

    order = models.ForeignKey(Order, verbose_name=_("order"), on_delete=models.CASCADE, related_name="lines")
    # Null when the platform's merchant code (商家编码) matches no SKU of ours.
    sku = models.ForeignKey(
        "catalog.Sku", verbose_name=_("SKU"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    merchant_code = models.CharField(_("merchant code"), max_length=40, blank=True)
    title = models.CharField(_("title"), max_length=200)
    attributes = models.CharField(_("attributes"), max_length=200, blank=True)  # 商品属性, e.g. 颜色:白色;尺码:M
    unit_price = models.DecimalField(_("unit price"), max_digits=12, decimal_places=2)
    quantity = models.PositiveIntegerField(_("quantity"))
    discount = models.DecimalField(_("discount"), max_digits=12, decimal_places=2, default=ZERO)
    line_total = models.DecimalField(_("line total"), max_digits=12, decimal_places=2)
    # Whether ``quantity`` units are currently held for this line in the order's warehouse.
    reserved = models.BooleanField(_("reserved"), default=False)

    class Meta:
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")
        ordering = ["order_id", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="order_line_quantity_positive"),
            models.CheckConstraint(
                condition=Q(unit_price__gte=0) & Q(discount__gte=0) & Q(line_total__gte=0),
                name="order_line_amounts_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.merchant_code or self.title} × {self.quantity}"


class Shipment(models.Model):
    """A parcel sent for an order: the carrier and its tracking number (物流单号)."""

    order = models.ForeignKey(Order, verbose_name=_("order"), on_delete=models.CASCADE, related_name="shipments")
    carrier = models.CharField(_("carrier"), max_length=20)
    tracking_no = models.CharField(_("tracking number"), max_length=40, db_index=True)
    # Empty when a platform reported the parcel without saying when it left (imports never invent it).
    shipped_at = models.DateTimeField(_("shipped"), null=True, blank=True, default=timezone.now)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    # The status of its latest tracking event that reports one; "" before any such news.
    logistics_status = models.CharField(
        _("logistics status"),
        max_length=20,
        choices=LogisticsStatus.choices,
        blank=True,
        default="",
        db_default="",
        db_index=True,
    )

    class Meta:
        verbose_name = _("shipment")
        verbose_name_plural = _("shipments")
        ordering = ["order_id", "shipped_at", "pk"]

    def __str__(self) -> str:
        return f"{self.carrier} {self.tracking_no}"


class TrackingNumber(models.Model):
    """A tracking number a carrier allocated to the merchant (电子面单号), waiting in the pool or used by a shipment."""

    carrier = models.CharField(_("carrier"), max_length=20)
    tracking_no = models.CharField(_("tracking number"), max_length=40)
    added_at = models.DateTimeField(_("added"), default=timezone.now)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("added by"), on_delete=models.PROTECT, related_name="+"
    )
    # Set when the number is printed on an order's label and the order ships with it.
    order = models.ForeignKey(
        Order, verbose_name=_("order"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    used_at = models.DateTimeField(_("used"), null=True, blank=True)

    class Meta:
        verbose_name = _("pool tracking number")
        verbose_name_plural = _("pool tracking numbers")
        ordering = ["carrier", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["carrier", "tracking_no"], name="tracking_number_unique_per_carrier"),
            models.CheckConstraint(
                condition=Q(order__isnull=True, used_at__isnull=True) | Q(order__isnull=False, used_at__isnull=False),
                name="tracking_number_used_with_order",
            ),
        ]
        indexes = [
            # Taking the next unused numbers of a carrier reads this small index in pool order.
            models.Index(fields=["carrier", "id"], condition=Q(order__isnull=True), name="tracking_number_unused"),
        ]

    def __str__(self) -> str:
        return f"{self.carrier} {self.tracking_no}"


class TrackingEvent(models.Model):
    """One step of a parcel's journey as the carrier reports it (e.g. 已揽收, 派送中)."""

    shipment = models.ForeignKey(
        Shipment, verbose_name=_("shipment"), on_delete=models.CASCADE, related_name="tracking_events"
    )
    at = models.DateTimeField(_("time"))
    description = models.CharField(_("description"), max_length=200)
    location = models.CharField(_("location"), max_length=80, blank=True)
    # Given by the carrier's feed or read from the description (``states.logistics_status_of``); "" if neither says.
    status = models.CharField(
        _("logistics status"), max_length=20, choices=LogisticsStatus.choices, blank=True, default="", db_default=""
    )

    class Meta:
        verbose_name = _("tracking event")
        verbose_name_plural = _("tracking events")
        ordering = ["shipment_id", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.description}"


class OrderSettings(models.Model):
    """A store's own order rules, overriding the defaults in ``orders.constants``."""

    store = models.OneToOneField(
        "stores.Store", verbose_name=_("store"), on_delete=models.CASCADE, related_name="order_settings"
    )
    unpaid_timeout_minutes = models.PositiveIntegerField(_("close unpaid orders after (minutes)"))
    review_amount_threshold = models.DecimalField(_("review orders above (amount)"), max_digits=12, decimal_places=2)
    review_keywords = models.JSONField(_("buyer-message keywords that hold an order"), default=list, blank=True)
    ship_sla_hours = models.PositiveIntegerField(_("ship within (hours)"))
    merge_window_hours = models.PositiveIntegerField(
        _("merge candidates within (hours)"), default=constants.MERGE_WINDOW_HOURS
    )
    stuck_shipment_days = models.PositiveIntegerField(
        _("shipment stuck after (days without tracking)"), default=constants.STUCK_SHIPMENT_DAYS
    )
    auto_complete_days = models.PositiveIntegerField(
        _("complete delivered orders after (days)"), default=constants.AUTO_COMPLETE_DAYS
    )

    class Meta:
        verbose_name = _("order settings")
        verbose_name_plural = _("order settings")
        constraints = [
            models.CheckConstraint(condition=Q(unpaid_timeout_minutes__gt=0), name="order_settings_timeout_positive"),
            models.CheckConstraint(
                condition=Q(review_amount_threshold__gte=0), name="order_settings_threshold_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.store} order settings"


class BlacklistEntry(models.Model):
    """A buyer the store will not ship to without a clerk's check (黑名单), by nickname or phone."""

    store = models.ForeignKey(
        "stores.Store", verbose_name=_("store"), on_delete=models.CASCADE, related_name="blacklist_entries"
    )
    nickname = models.CharField(_("buyer nickname"), max_length=80, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    reason = models.CharField(_("reason"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("added by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        verbose_name = _("blacklist entry")
        verbose_name_plural = _("blacklist entries")
        ordering = ["store_id", "-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(nickname="") | ~Q(phone=""), name="blacklist_entry_names_someone"),
        ]
        indexes = [
            models.Index(fields=["store", "nickname"], name="blacklist_store_nickname"),
            models.Index(fields=["store", "phone"], name="blacklist_store_phone"),
        ]

    def __str__(self) -> str:
        return self.nickname or self.phone


class ImportMapping(models.Model):
    """How one store's own order spreadsheet maps onto our order fields, saved once and reused."""

    store = models.ForeignKey(
        "stores.Store", verbose_name=_("store"), on_delete=models.CASCADE, related_name="order_import_mappings"
    )
    # Our field key → the header text in the store's file.
    columns = models.JSONField(_("columns"), default=dict)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("updated by"), on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("order import mapping")
        verbose_name_plural = _("order import mappings")
        constraints = [models.UniqueConstraint(fields=["store"], name="import_mapping_one_per_store")]

    def __str__(self) -> str:
        return f"{self.store} order columns"


class StoreRating(models.Model):
    """A buyer's rating (1–5) and comment left on the platform for an order of one store (评价)."""

    store = models.ForeignKey("stores.Store", verbose_name=_("store"), on_delete=models.PROTECT, related_name="ratings")
    platform_rating_id = models.CharField(_("rating number"), max_length=40)
    order = models.ForeignKey(
        Order, verbose_name=_("order"), null=True, blank=True, on_delete=models.SET_NULL, related_name="ratings"
    )
    buyer_nickname = models.CharField(_("buyer nickname"), max_length=80, blank=True)
    rating = models.PositiveSmallIntegerField(_("rating"))
    text = models.TextField(_("text"), blank=True)
    product_title = models.CharField(_("product"), max_length=200, blank=True)
    rated_at = models.DateTimeField(_("rated"))
    created_at = models.DateTimeField(_("imported"), default=timezone.now)

    class Meta:
        verbose_name = _("store rating")
        verbose_name_plural = _("store ratings")
        ordering = ["-rated_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["store", "platform_rating_id"], name="store_rating_unique_number"),
            models.CheckConstraint(condition=Q(rating__gte=1) & Q(rating__lte=5), name="store_rating_rating_1_to_5"),
        ]
        indexes = [models.Index(fields=["store", "rated_at"], name="store_rating_store_rated")]

    def __str__(self) -> str:
        return f"{self.platform_rating_id} ★{self.rating}"
