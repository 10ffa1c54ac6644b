"""Where a parcel is (物流状态): on each tracking event, on its shipment and on the order (indexed for the list).

A database default too, so the imports' set-wise INSERTs that name no status store an empty one."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('orders', '0011_shipment_time_may_be_unknown'),
    ]

    operations = [
        migrations.AddField(
            model_name='order',
            name='logistics_status',
            field=models.CharField(blank=True, choices=[('collected', 'Collected'), ('in_transit', 'In transit'), ('out_for_delivery', 'Out for delivery'), ('signed', 'Signed'), ('exception', 'Exception')], db_default='', default='', max_length=20, verbose_name='logistics status'),
        ),
        migrations.AddField(
            model_name='shipment',
            name='logistics_status',
            field=models.CharField(blank=True, choices=[('collected', 'Collected'), ('in_transit', 'In transit'), ('out_for_delivery', 'Out for delivery'), ('signed', 'Signed'), ('exception', 'Exception')], db_default='', db_index=True, default='', max_length=20, verbose_name='logistics status'),
        ),
        migrations.AddField(
            model_name='trackingevent',
            name='status',
            field=models.CharField(blank=True, choices=[('collected', 'Collected'), ('in_transit', 'In transit'), ('out_for_delivery', 'Out for delivery'), ('signed', 'Signed'), ('exception', 'Exception')], db_default='', default='', max_length=20, verbose_name='logistics status'),
        ),
        migrations.AddIndex(
            model_name='order',
            index=models.Index(fields=['logistics_status', 'created_at'], name='order_logistics_created'),
        ),
    ]
