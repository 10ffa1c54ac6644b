"""Products (SPU), their SKUs, categories, listings per store, warehouses, stock and knowledge."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# The SKU attributes merchants use, in display order: key → label.
SKU_ATTRIBUTES: dict[str, Promise] = {
    "color": _("Colour"),  # 颜色
    "size": _("Size"),  # 尺码
    "material": _("Material"),  # 材质
    "style": _("Style"),  # 款式
}


class Category(models.Model):
    """A node of the merchant's category tree, e.g. 女装 › 连衣裙."""

    name = models.CharField(_("name"), max_length=60)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["sort_order", "name"]
        constraints = [models.UniqueConstraint(fields=["parent", "name"], name="category_unique_name_in_parent")]

    def __str__(self) -> str:
        return self.name

    def path_names(self) -> list[str]:
        names: list[str] = []
        seen: set[int] = set()
        node: Category | None = self
        while node is not None and node.pk not in seen:
            seen.add(node.pk)
            names.append(node.name)
            node = node.parent
        return list(reversed(names))


class Product(models.Model):
    """A product as the merchant sells it (SPU), with one or more SKUs."""

    spu_code = models.CharField(_("product code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    category = models.ForeignKey(
        Category, verbose_name=_("category"), null=True, blank=True, on_delete=models.PROTECT, related_name="products"
    )
    brand = models.CharField(_("brand"), max_length=60, blank=True)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["-updated_at", "-id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("catalog:product_detail", args=[self.pk])


class ListingStatus(models.TextChoices):
    ONLINE = "online", _("Listed")  # 上架
    OFFLINE = "offline", _("Delisted")  # 下架


class Listing(models.Model):
    """A product offered in one store, listed (上架) or delisted (下架)."""

    product = models.ForeignKey(Product, verbose_name=_("product"), on_delete=models.CASCADE, related_name="listings")
    store = models.ForeignKey(
        "stores.Store", verbose_name=_("store"), on_delete=models.PROTECT, related_name="listings"
    )
    status = models.CharField(
        _("listing status"), max_length=10, choices=ListingStatus.choices, default=ListingStatus.OFFLINE
    )
    platform_item_id = models.CharField(_("platform item id"), max_length=40, blank=True)
    changed_at = models.DateTimeField(_("changed"), default=timezone.now)

    class Meta:
        verbose_name = _("listing")
        verbose_name_plural = _("listings")
        constraints = [models.UniqueConstraint(fields=["product", "store"], name="listing_unique_product_store")]

    def __str__(self) -> str:
        return f"{self.product} @ {self.store}"


class Sku(models.Model):
    """One sellable variant of a product (a colour/size combination) with its merchant code."""

    product = models.ForeignKey(Product, verbose_name=_("product"), on_delete=models.CASCADE, related_name="skus")
    merchant_code = models.CharField(_("merchant code"), max_length=40, unique=True)  # 商家编码
    barcode = models.CharField(_("barcode"), max_length=32, blank=True, db_index=True)
    attributes = models.JSONField(_("attributes"), default=dict, blank=True)
    list_price = models.DecimalField(_("list price"), max_digits=12, decimal_places=2)
    price_floor = models.DecimalField(_("price floor"), max_digits=12, decimal_places=2, default=Decimal("0.00"))
    is_active = models.BooleanField(_("active"), default=True)
    # One of its product's pictures (e.g. the colour's); without it the product's main picture stands for it.
    image = models.ForeignKey(
        "ProductImage", verbose_name=_("picture"), null=True, blank=True, on_delete=models.SET_NULL, related_name="skus"
    )
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("SKU")
        verbose_name_plural = _("SKUs")
        ordering = ["product_id", "merchant_code"]
        constraints = [
            models.CheckConstraint(condition=Q(price_floor__gte=0), name="sku_price_floor_not_negative"),
            models.CheckConstraint(condition=Q(list_price__gte=F("price_floor")), name="sku_price_not_below_floor"),
        ]

    def __str__(self) -> str:
        return f"{self.merchant_code} {self.attributes_text}".strip()

    def get_absolute_url(self) -> str:
        return reverse("catalog:sku_edit", args=[self.pk])

    @property
    def attributes_text(self) -> str:
        return " / ".join(str(self.attributes[k]) for k in SKU_ATTRIBUTES if self.attributes.get(k))


# Square thumbnails made at upload, by edge in pixels: lists show the small one, pages the large.
THUMBNAIL_SMALL = 96
THUMBNAIL_LARGE = 320
THUMBNAIL_EDGES = (THUMBNAIL_SMALL, THUMBNAIL_LARGE)


def image_variant_name(name: str, edge: int) -> str:
    """The stored name of a picture's thumbnail: ``…/<uuid>.jpg`` → ``…/<uuid>-96.webp``."""
    return f"{name.rsplit('.', 1)[0]}-{edge}.webp"


class ProductImage(models.Model):
    """A picture of a product, in the merchant's order; the first (position 0) is its main picture."""

    product = models.ForeignKey(Product, verbose_name=_("product"), on_delete=models.CASCADE, related_name="images")
    position = models.PositiveIntegerField(_("position"), default=0)
    # A generated name (a uuid), never the uploaded one; the thumbnails sit beside it (image_variant_name).
    file = models.FileField(_("picture"), max_length=120)
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("product picture")
        verbose_name_plural = _("product pictures")
        ordering = ["product_id", "position", "pk"]
        indexes = [models.Index(fields=["product", "position"], name="product_image_position")]

    def __str__(self) -> str:
        return f"{self.product} #{self.position + 1}"


class Warehouse(models.Model):
    """A place stock is kept and shipped from, e.g. 杭州主仓."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=60)
    region = models.CharField(_("region"), max_length=60, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("warehouse")
        verbose_name_plural = _("warehouses")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("catalog:warehouse_edit", args=[self.pk])


class Stock(models.Model):
    """How many units of a SKU a warehouse holds, and how many are reserved for paid orders."""

    sku = models.ForeignKey(Sku, verbose_name=_("SKU"), on_delete=models.CASCADE, related_name="stock")
    warehouse = models.ForeignKey(
        Warehouse, verbose_name=_("warehouse"), on_delete=models.PROTECT, related_name="stock"
    )
    on_hand = models.IntegerField(_("on hand"), default=0)
    reserved = models.IntegerField(_("reserved"), default=0)
    low_stock_threshold = models.IntegerField(_("low-stock threshold"), default=10)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("stock")
        verbose_name_plural = _("stock")
        constraints = [
            models.UniqueConstraint(fields=["sku", "warehouse"], name="stock_unique_sku_warehouse"),
            models.CheckConstraint(condition=Q(on_hand__gte=0), name="stock_on_hand_not_negative"),
            models.CheckConstraint(condition=Q(reserved__gte=0), name="stock_reserved_not_negative"),
            models.CheckConstraint(condition=Q(reserved__lte=F("on_hand")), name="stock_reserved_within_on_hand"),
            models.CheckConstraint(condition=Q(low_stock_threshold__gte=0), name="stock_threshold_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.sku} @ {self.warehouse}: {self.on_hand}"

    @property
    def available(self) -> int:
        return self.on_hand - self.reserved


class KnowledgeKind(models.TextChoices):
    SELLING_POINT = "selling_point", _("Selling point")  # 卖点
    FAQ = "faq", _("FAQ")  # 常见问题
    SIZE_CHART = "size_chart", _("Size chart")  # 尺码表
    USAGE = "usage", _("Usage guide")  # 使用说明, sent to buyers from after-sales cases
    INSTALLATION = "installation", _("Installation guide")  # 安装指南


class KnowledgeEntry(models.Model):
    """Something agents need to know about a product: a selling point, an FAQ answer, a size chart."""

    product = models.ForeignKey(
        Product, verbose_name=_("product"), null=True, blank=True, on_delete=models.CASCADE, related_name="knowledge"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=KnowledgeKind.choices)
    skus: models.ManyToManyField[Sku, Any] = models.ManyToManyField(
        Sku, verbose_name=_("SKUs"), blank=True, related_name="knowledge"
    )
    title = models.CharField(_("title"), max_length=120)
    body = models.TextField(_("content"))
    # jieba tokens of title and body, space separated and padded, for word search in Chinese.
    search_text = models.TextField(editable=False, default="")
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("knowledge entry")
        verbose_name_plural = _("knowledge entries")
        ordering = ["-updated_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("catalog:knowledge_edit", args=[self.pk])
