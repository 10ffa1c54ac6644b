import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("orders", "0005_import_mappings"),
        ("stores", "0001_stores_credentials"),
    ]

    operations = [
        migrations.CreateModel(
            name="StoreReview",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("platform_review_id", models.CharField(max_length=40, verbose_name="review number")),
                ("buyer_nickname", models.CharField(blank=True, max_length=80, verbose_name="buyer nickname")),
                ("rating", models.PositiveSmallIntegerField(verbose_name="rating")),
                ("text", models.TextField(blank=True, verbose_name="text")),
                ("product_title", models.CharField(blank=True, max_length=200, verbose_name="product")),
                ("reviewed_at", models.DateTimeField(verbose_name="reviewed")),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="imported")),
                (
                    "order",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="reviews",
                        to="orders.order",
                        verbose_name="order",
                    ),
                ),
                (
                    "store",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="reviews",
                        to="stores.store",
                        verbose_name="store",
                    ),
                ),
            ],
            options={
                "verbose_name": "store review",
                "verbose_name_plural": "store reviews",
                "ordering": ["-reviewed_at", "-pk"],
                "indexes": [models.Index(fields=["store", "reviewed_at"], name="store_review_store_reviewed")],
                "constraints": [
                    models.UniqueConstraint(fields=("store", "platform_review_id"), name="store_review_unique_number"),
                    models.CheckConstraint(
                        condition=models.Q(("rating__gte", 1), ("rating__lte", 5)), name="store_review_rating_1_to_5"
                    ),
                ],
            },
        ),
    ]
