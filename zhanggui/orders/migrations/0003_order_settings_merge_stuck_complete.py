from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("orders", "0002_order_anomalies"),
    ]

    operations = [
        migrations.AddField(
            model_name="ordersettings",
            name="auto_complete_days",
            field=models.PositiveIntegerField(default=10, verbose_name="complete delivered orders after (days)"),
        ),
        migrations.AddField(
            model_name="ordersettings",
            name="merge_window_hours",
            field=models.PositiveIntegerField(default=24, verbose_name="merge candidates within (hours)"),
        ),
        migrations.AddField(
            model_name="ordersettings",
            name="stuck_shipment_days",
            field=models.PositiveIntegerField(default=3, verbose_name="shipment stuck after (days without tracking)"),
        ),
    ]
