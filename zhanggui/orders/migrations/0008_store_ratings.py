"""Store reviews become store ratings (评价): "review" means order review (审单) only."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("orders", "0007_order_created_index"),
        ("stores", "0002_webhook_deliveries"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="storereview", name="store_review_unique_number"),
        migrations.RemoveConstraint(model_name="storereview", name="store_review_rating_1_to_5"),
        migrations.RemoveIndex(model_name="storereview", name="store_review_store_reviewed"),
        migrations.RenameModel(old_name="StoreReview", new_name="StoreRating"),
        migrations.RenameField(model_name="storerating", old_name="platform_review_id", new_name="platform_rating_id"),
        migrations.RenameField(model_name="storerating", old_name="reviewed_at", new_name="rated_at"),
        migrations.AlterModelOptions(
            name="storerating",
            options={
                "ordering": ["-rated_at", "-pk"],
                "verbose_name": "store rating",
                "verbose_name_plural": "store ratings",
            },
        ),
        migrations.AlterField(
            model_name="storerating",
            name="platform_rating_id",
            field=models.CharField(max_length=40, verbose_name="rating number"),
        ),
        migrations.AlterField(
            model_name="storerating",
            name="rated_at",
            field=models.DateTimeField(verbose_name="rated"),
        ),
        migrations.AlterField(
            model_name="storerating",
            name="order",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="ratings",
                to="orders.order",
                verbose_name="order",
            ),
        ),
        migrations.AlterField(
            model_name="storerating",
            name="store",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="ratings",
                to="stores.store",
                verbose_name="store",
            ),
        ),
        migrations.AddIndex(
            model_name="storerating",
            index=models.Index(fields=["store", "rated_at"], name="store_rating_store_rated"),
        ),
        migrations.AddConstraint(
            model_name="storerating",
            constraint=models.UniqueConstraint(
                fields=("store", "platform_rating_id"), name="store_rating_unique_number"
            ),
        ),
        migrations.AddConstraint(
            model_name="storerating",
            constraint=models.CheckConstraint(
                condition=models.Q(("rating__gte", 1), ("rating__lte", 5)), name="store_rating_rating_1_to_5"
            ),
        ),
    ]
