"""The merchant's stores on each platform and their (encrypted) platform credentials."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhanggui.core.crypto import EncryptedTextField


class Platform(models.TextChoices):
    TMALL = "tmall", _("Tmall")
    TAOBAO = "taobao", _("Taobao")
    JD = "jd", _("JD")
    PDD = "pdd", _("Pinduoduo")
    DOUYIN = "douyin", _("Douyin")
    OWN = "own", _("Own site")
    CROSS_BORDER = "cross_border", _("Cross-border")


class Store(models.Model):
    """One shop of the merchant on one platform, e.g. the Tmall flagship store (天猫旗舰店)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=80)
    platform = models.CharField(_("platform"), max_length=20, choices=Platform.choices)
    currency = models.CharField(_("currency"), max_length=3, default="CNY")
    time_zone = models.CharField(_("time zone"), max_length=40, default="Asia/Shanghai")
    contact_name = models.CharField(_("contact person"), max_length=40, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("assigned staff"), blank=True, related_name="stores"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("store")
        verbose_name_plural = _("stores")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("stores:store_detail", args=[self.pk])

    @property
    def store_id(self) -> int:
        """A store is in its own scope (lets scoping and reveals treat it like store-owned data)."""
        return self.pk


class StoreCredential(models.Model):
    """A store's platform API keys and webhook secrets, encrypted at rest, seen only by admins."""

    store = models.OneToOneField(Store, on_delete=models.CASCADE, related_name="credential")
    app_key = models.CharField(_("app key"), max_length=120, blank=True)
    app_secret = EncryptedTextField(_("app secret"), blank=True)
    webhook_secret = EncryptedTextField(_("webhook secret"), blank=True)
    previous_webhook_secret = EncryptedTextField(_("previous webhook secret"), blank=True)
    rotated_at = models.DateTimeField(_("secret rotated"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("store credential")
        verbose_name_plural = _("store credentials")

    def __str__(self) -> str:
        return f"{self.store} credentials"


class WebhookDelivery(models.Model):
    """One webhook call a platform made to a store's endpoint, kept so a replayed delivery acts once."""

    store = models.ForeignKey(
        Store, verbose_name=_("store"), on_delete=models.CASCADE, related_name="webhook_deliveries"
    )
    delivery_id = models.CharField(_("delivery id"), max_length=80)
    event = models.CharField(_("event"), max_length=40, blank=True)
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    # What the delivery did, e.g. {"order": 12, "created": true}; kept to answer a replay the same way.
    result = models.JSONField(_("result"), default=dict, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-received_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["store", "delivery_id"], name="webhook_delivery_unique_per_store")
        ]

    def __str__(self) -> str:
        return f"{self.store} {self.delivery_id}"
