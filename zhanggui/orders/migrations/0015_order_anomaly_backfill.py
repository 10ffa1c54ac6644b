"""Fill the anomaly index from the codes the orders carry (``Order.anomalies``); undone by emptying it."""

from django.db import migrations

CHUNK = 2000


def fill(apps, schema_editor):  # type: ignore[no-untyped-def]
    Order = apps.get_model("orders", "Order")
    OrderAnomaly = apps.get_model("orders", "OrderAnomaly")
    rows = []
    for pk, codes in Order.objects.exclude(anomalies=[]).values_list("pk", "anomalies").iterator(chunk_size=CHUNK):
        rows.extend(OrderAnomaly(order_id=pk, code=code) for code in dict.fromkeys(codes or []))
        if len(rows) >= CHUNK:
            OrderAnomaly.objects.bulk_create(rows, ignore_conflicts=True)
            rows = []
    OrderAnomaly.objects.bulk_create(rows, ignore_conflicts=True)


def empty(apps, schema_editor):  # type: ignore[no-untyped-def]
    apps.get_model("orders", "OrderAnomaly").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("orders", "0014_order_anomaly_index")]

    operations = [migrations.RunPython(fill, empty)]
