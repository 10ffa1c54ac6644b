"""Test data factories, in one place for every app's tests."""

from __future__ import annotations

from decimal import Decimal

import factory
from django.db.models import QuerySet

from zhanggui.accounts.models import Staff, Team
from zhanggui.catalog.models import Category, Listing, Product, Sku, Stock, Warehouse
from zhanggui.orders.models import Order, OrderAnomaly
from zhanggui.stores.models import Platform, Store

PASSWORD = "zhanggui-test-pw"


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    name = factory.Sequence(lambda n: f"售前{n}组")


class StaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Staff
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"staff{n}")
    display_name = factory.Sequence(lambda n: f"员工{n}")
    role = "operator"
    phone = "13812341234"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def stores(self, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        if create and extracted:
            self.stores.set(extracted)
        if create:
            self.save()


class StoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Store

    code = factory.Sequence(lambda n: f"store-{n}")
    name = factory.Sequence(lambda n: f"测试旗舰店{n}")
    platform = Platform.TMALL
    contact_name = "王小明"
    contact_phone = "13900001111"


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    name = factory.Sequence(lambda n: f"分类{n}")


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    spu_code = factory.Sequence(lambda n: f"SPU{n:05d}")
    name = factory.Sequence(lambda n: f"纯棉T恤 {n}")
    category = factory.SubFactory(CategoryFactory)
    brand = "掌柜优选"


class ListingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Listing

    product = factory.SubFactory(ProductFactory)
    store = factory.SubFactory(StoreFactory)
    status = "online"


class SkuFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sku

    product = factory.SubFactory(ProductFactory)
    merchant_code = factory.Sequence(lambda n: f"MC{n:06d}")
    barcode = factory.Sequence(lambda n: f"69{n:011d}")
    attributes = factory.LazyFunction(lambda: {"color": "白色", "size": "M"})
    list_price = Decimal("99.00")
    price_floor = Decimal("59.00")


class WarehouseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Warehouse

    code = factory.Sequence(lambda n: f"wh{n}")
    name = factory.Sequence(lambda n: f"仓库{n}")


class StockFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Stock

    sku = factory.SubFactory(SkuFactory)
    warehouse = factory.SubFactory(WarehouseFactory)
    on_hand = 100
    reserved = 0


def anomalies_set(orders: QuerySet[Order], codes: list[str]) -> None:
    """Give ``orders`` exactly the anomalies ``codes`` as they stand (list and index), without a service."""
    Order.objects.filter(pk__in=orders.values("pk")).update(anomalies=codes)
    OrderAnomaly.objects.filter(order__in=orders).delete()
    OrderAnomaly.objects.bulk_create(
        [OrderAnomaly(order_id=pk, code=c) for pk in orders.values_list("pk", flat=True) for c in codes]
    )
