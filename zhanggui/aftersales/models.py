"""After-sales of every store: cases and their lines, refunds, evidence, guidance sent, reasons, rules."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import constants
from .states import CaseStatus, CaseType

ZERO = Decimal("0.00")
STAFF = settings.AUTH_USER_MODEL


class Responsibility(models.TextChoices):
    """Who caused the problem: drives the shipping-fee rule and the statistics."""

    MERCHANT = "merchant", _("Merchant")  # 商家
    BUYER = "buyer", _("Buyer")  # 买家
    CARRIER = "carrier", _("Carrier")  # 物流


class CaseSource(models.TextChoices):
    STAFF = "staff", _("Staff")
    CONVERSATION = "conversation", _("Conversation")
    API = "api", _("API")
    PLATFORM = "platform", _("Platform")  # a signed webhook
    IMPORT = "import", _("File import")


class InspectionResult(models.TextChoices):
    PASSED = "passed", _("Passed")  # 合格
    FAILED = "failed", _("Failed")  # 不合格


class EvidenceKind(models.TextChoices):
    BUYER = "buyer", _("From the buyer")
    STAFF = "staff", _("From staff")
    INSPECTION = "inspection", _("Inspection")


class Reason(models.Model):
    """Why a buyer asks for after-sales (质量问题, 尺码不合适 …), and who is responsible for it."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=60, unique=True)
    responsibility = models.CharField(_("responsibility"), max_length=10, choices=Responsibility.choices)
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)

    class Meta:
        verbose_name = _("after-sales reason")
        verbose_name_plural = _("after-sales reasons")
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return self.name


class AftersalesSettings(models.Model):
    """A store's own after-sales rules (deadlines, automatic approval), overriding ``aftersales.constants``."""

    store = models.OneToOneField(
        "stores.Store", verbose_name=_("store"), on_delete=models.CASCADE, related_name="aftersales_settings"
    )
    response_hours = models.PositiveIntegerField(
        _("agreed automatically after (hours)"), default=constants.RESPONSE_HOURS
    )
    return_ship_days = models.PositiveIntegerField(_("buyer returns within (days)"), default=constants.RETURN_SHIP_DAYS)
    receive_days = models.PositiveIntegerField(_("receive returns within (days)"), default=constants.RECEIVE_DAYS)
    inspect_hours = models.PositiveIntegerField(_("inspect within (hours)"), default=constants.INSPECT_HOURS)
    resolve_hours = models.PositiveIntegerField(_("resolve within (hours)"), default=constants.RESOLVE_HOURS)
    auto_approve_max_amount = models.DecimalField(
        _("approve refund-only requests up to (amount)"),
        max_digits=12,
        decimal_places=2,
        default=constants.AUTO_APPROVE_MAX_AMOUNT,
        help_text=_("0 turns automatic approval off."),
    )
    auto_approve_max_buyer_cases = models.PositiveIntegerField(
        _("only for buyers with at most this many cases in 90 days"), default=constants.AUTO_APPROVE_MAX_BUYER_CASES
    )
    return_rate_threshold = models.DecimalField(
        _("flag SKUs returned above (%)"), max_digits=5, decimal_places=2, default=constants.RETURN_RATE_THRESHOLD
    )
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("after-sales rules")
        verbose_name_plural = _("after-sales rules")
        constraints = [
            models.CheckConstraint(condition=Q(response_hours__gt=0), name="aftersales_settings_response_positive"),
            models.CheckConstraint(
                condition=Q(auto_approve_max_amount__gte=0), name="aftersales_settings_auto_amount_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(return_rate_threshold__gt=0) & Q(return_rate_threshold__lte=100),
                name="aftersales_settings_return_rate_percent",
            ),
        ]

    def __str__(self) -> str:
        return str(self.store)


class Case(models.Model):
    """One after-sales request on one order (售后单): what the buyer wants, and each step taken for it."""

    store = models.ForeignKey("stores.Store", verbose_name=_("store"), on_delete=models.PROTECT, related_name="+")
    order = models.ForeignKey(
        "orders.Order", verbose_name=_("order"), on_delete=models.PROTECT, related_name="aftersales_cases"
    )
    platform_case_id = models.CharField(_("platform case number"), max_length=40, blank=True)  # 退款编号 / 服务单号
    type = models.CharField(_("type"), max_length=20, choices=CaseType.choices)
    status = models.CharField(_("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.REQUESTED)
    source = models.CharField(_("source"), max_length=20, choices=CaseSource.choices, default=CaseSource.STAFF)
    reason = models.ForeignKey(Reason, verbose_name=_("reason"), on_delete=models.PROTECT, related_name="+")
    responsibility = models.CharField(_("responsibility"), max_length=10, choices=Responsibility.choices)
    description = models.TextField(_("buyer's description"), blank=True)  # 退款说明 / 问题描述
    requested_amount = models.DecimalField(_("requested amount"), max_digits=12, decimal_places=2, default=ZERO)
    shipping_refund = models.DecimalField(_("shipping fee refunded"), max_digits=12, decimal_places=2, default=ZERO)
    refunded_amount = models.DecimalField(_("refunded"), max_digits=12, decimal_places=2, default=ZERO)
    conversation_ref = models.CharField(_("conversation"), max_length=40, blank=True)
    assignee = models.ForeignKey(
        STAFF, verbose_name=_("handler"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        STAFF, verbose_name=_("created by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    respond_by = models.DateTimeField(_("answer by"))  # the platform agrees on the shop's behalf after this
    due_at = models.DateTimeField(_("current step due"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        STAFF, verbose_name=_("decided by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_rule = models.CharField(_("decided by rule"), max_length=40, blank=True)
    refusal_reason = models.CharField(_("refusal reason"), max_length=200, blank=True)
    return_carrier = models.CharField(_("return carrier"), max_length=20, blank=True)
    return_tracking_no = models.CharField(_("return tracking number"), max_length=40, blank=True, db_index=True)
    return_shipped_at = models.DateTimeField(_("return shipped"), null=True, blank=True)
    received_at = models.DateTimeField(_("received"), null=True, blank=True)
    received_by = models.ForeignKey(
        STAFF, verbose_name=_("received by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    inspection_result = models.CharField(_("inspection"), max_length=10, choices=InspectionResult.choices, blank=True)
    inspection_note = models.CharField(_("inspection notes"), max_length=500, blank=True)
    inspected_at = models.DateTimeField(_("inspected"), null=True, blank=True)
    inspected_by = models.ForeignKey(
        STAFF, verbose_name=_("inspected by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    restock_warehouse = models.ForeignKey(
        "catalog.Warehouse",
        verbose_name=_("restocked to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    restocked_at = models.DateTimeField(_("restocked"), null=True, blank=True)
    replacement_order = models.OneToOneField(
        "orders.Order",
        verbose_name=_("replacement order"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaces_case",
    )
    repair_sent_at = models.DateTimeField(_("sent for repair"), null=True, blank=True)
    outbound_carrier = models.CharField(_("carrier back to buyer"), max_length=20, blank=True)
    outbound_tracking_no = models.CharField(_("tracking number back to buyer"), max_length=40, blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        STAFF, verbose_name=_("resolved by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    close_note = models.CharField(_("close note"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("after-sales case")
        verbose_name_plural = _("after-sales cases")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["store", "platform_case_id"],
                condition=~Q(platform_case_id=""),
                name="aftersales_case_unique_platform_id",
            ),
            models.CheckConstraint(
                condition=Q(requested_amount__gte=0) & Q(shipping_refund__gte=0) & Q(refunded_amount__gte=0),
                name="aftersales_case_amounts_not_negative",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_at"], name="aftersales_case_status_due"),
            models.Index(fields=["store", "status", "requested_at"], name="aftersales_case_store_status"),
            models.Index(fields=["requested_at", "id"], name="aftersales_case_requested_id"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        """Our case number (售后单号), shown and searched: SH and the id, zero-padded."""
        return f"SH{self.pk or 0:07d}"


class CaseLine(models.Model):
    """An order line a case is about: how many units, how much of the line's money, and for an
    exchange the SKU the buyer gets instead."""

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="lines")
    order_line = models.ForeignKey(
        "orders.OrderLine", verbose_name=_("order line"), on_delete=models.PROTECT, related_name="aftersales_lines"
    )
    quantity = models.PositiveIntegerField(_("quantity"))
    amount = models.DecimalField(_("requested amount"), max_digits=12, decimal_places=2, default=ZERO)
    replacement_sku = models.ForeignKey(
        "catalog.Sku",
        verbose_name=_("replacement SKU"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    restocked_quantity = models.PositiveIntegerField(_("restocked"), default=0)

    class Meta:
        verbose_name = _("after-sales case line")
        verbose_name_plural = _("after-sales case lines")
        constraints = [
            models.UniqueConstraint(fields=["case", "order_line"], name="aftersales_line_unique_in_case"),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="aftersales_line_quantity_positive"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="aftersales_line_amount_not_negative"),
            models.CheckConstraint(
                condition=Q(restocked_quantity__lte=F("quantity")), name="aftersales_line_restock_within_quantity"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case} · {self.order_line_id} × {self.quantity}"


class Refund(models.Model):
    """Money paid back to a buyer on one order, once per idempotency key, split over the order's lines."""

    store = models.ForeignKey("stores.Store", verbose_name=_("store"), on_delete=models.PROTECT, related_name="+")
    order = models.ForeignKey("orders.Order", verbose_name=_("order"), on_delete=models.PROTECT, related_name="refunds")
    case = models.ForeignKey(
        Case, verbose_name=_("case"), null=True, blank=True, on_delete=models.PROTECT, related_name="refunds"
    )
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    shipping_amount = models.DecimalField(_("of which shipping"), max_digits=12, decimal_places=2, default=ZERO)
    idempotency_key = models.CharField(_("idempotency key"), max_length=120)
    issued_by = models.ForeignKey(
        STAFF, verbose_name=_("issued by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    issued_at = models.DateTimeField(_("issued"), default=timezone.now)
    rule = models.CharField(_("issued by rule"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")
        ordering = ["-issued_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["order", "idempotency_key"], name="refund_unique_key_per_order"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="refund_amount_positive"),
            models.CheckConstraint(
                condition=Q(shipping_amount__gte=0) & Q(shipping_amount__lte=F("amount")),
                name="refund_shipping_within_amount",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order_id}: {self.amount}"


class RefundLine(models.Model):
    """The part of a refund that pays back one order line's goods."""

    refund = models.ForeignKey(Refund, verbose_name=_("refund"), on_delete=models.CASCADE, related_name="lines")
    order_line = models.ForeignKey(
        "orders.OrderLine", verbose_name=_("order line"), on_delete=models.PROTECT, related_name="refund_lines"
    )
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("refund line")
        verbose_name_plural = _("refund lines")
        constraints = [
            models.UniqueConstraint(fields=["refund", "order_line"], name="refund_line_unique"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="refund_line_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.refund_id} · {self.order_line_id}: {self.amount}"


class Evidence(models.Model):
    """A photo on a case: the buyer's proof of a fault, or what the warehouse saw on inspection."""

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("kind"), max_length=12, choices=EvidenceKind.choices)
    file_name = models.CharField(_("file"), max_length=120)  # generated; see services/evidence.py
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    uploaded_by = models.ForeignKey(
        STAFF, verbose_name=_("uploaded by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("evidence photo")
        verbose_name_plural = _("evidence photos")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.file_name


class CaseMessage(models.Model):
    """Guidance sent to the buyer from a case: a knowledge article (usage, installation) or a note."""

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="messages")
    article = models.ForeignKey(
        "catalog.KnowledgeEntry",
        verbose_name=_("article"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = models.TextField(_("message"))
    sent_by = models.ForeignKey(
        STAFF, verbose_name=_("sent by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        verbose_name = _("message to buyer")
        verbose_name_plural = _("messages to buyers")
        ordering = ["sent_at", "pk"]

    def __str__(self) -> str:
        return self.body[:40]


class ReturnRateFlag(models.Model):
    """A SKU returned more often than its store's threshold in a period, raised to operators and managers."""

    sku = models.ForeignKey("catalog.Sku", verbose_name=_("SKU"), on_delete=models.CASCADE, related_name="+")
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    units_sold = models.PositiveIntegerField(_("units sold"))
    units_returned = models.PositiveIntegerField(_("units returned"))
    return_rate = models.DecimalField(_("return rate (%)"), max_digits=6, decimal_places=2)
    threshold = models.DecimalField(_("threshold (%)"), max_digits=5, decimal_places=2)
    top_reason = models.ForeignKey(
        Reason, verbose_name=_("main reason"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    flagged_at = models.DateTimeField(_("flagged"), default=timezone.now)
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        STAFF, verbose_name=_("acknowledged by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("return-rate flag")
        verbose_name_plural = _("return-rate flags")
        ordering = ["-flagged_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["sku", "period_end"], name="return_rate_flag_unique_period"),
        ]

    def __str__(self) -> str:
        return f"{self.sku_id}: {self.return_rate}%"
