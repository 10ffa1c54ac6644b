import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("orders", "0003_order_settings_merge_stuck_complete"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="BlacklistEntry",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("nickname", models.CharField(blank=True, max_length=80, verbose_name="buyer nickname")),
                ("phone", models.CharField(blank=True, max_length=20, verbose_name="phone")),
                ("reason", models.CharField(max_length=200, verbose_name="reason")),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="added")),
                (
                    "created_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="added by",
                    ),
                ),
                (
                    "store",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="blacklist_entries",
                        to="stores.store",
                        verbose_name="store",
                    ),
                ),
            ],
            options={
                "verbose_name": "blacklist entry",
                "verbose_name_plural": "blacklist entries",
                "ordering": ["store_id", "-created_at", "-pk"],
                "indexes": [
                    models.Index(fields=["store", "nickname"], name="blacklist_store_nickname"),
                    models.Index(fields=["store", "phone"], name="blacklist_store_phone"),
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("nickname", ""), _negated=True),
                            models.Q(("phone", ""), _negated=True),
                            _connector="OR",
                        ),
                        name="blacklist_entry_names_someone",
                    )
                ],
            },
        ),
    ]
