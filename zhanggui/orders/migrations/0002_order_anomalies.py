from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("orders", "0001_orders_buyers_shipments"),
    ]

    operations = [
        migrations.AddField(
            model_name="order",
            name="anomalies",
            field=models.JSONField(blank=True, default=list, verbose_name="anomalies"),
        ),
    ]
