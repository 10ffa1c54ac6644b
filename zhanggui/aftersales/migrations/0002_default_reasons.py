"""Every shop starts with the reasons the platforms offer buyers; staff may add, rename or retire them."""

from django.db import migrations

from zhanggui.aftersales.constants import DEFAULT_REASONS


def add_reasons(apps, schema_editor):
    reason_model = apps.get_model("aftersales", "Reason")
    for order, (code, name, responsibility) in enumerate(DEFAULT_REASONS):
        reason_model.objects.get_or_create(
            code=code, defaults={"name": name, "responsibility": responsibility, "sort_order": order * 10}
        )


def remove_reasons(apps, schema_editor):
    reason_model = apps.get_model("aftersales", "Reason")
    reason_model.objects.filter(code__in=[code for code, _name, _who in DEFAULT_REASONS]).delete()


class Migration(migrations.Migration):
    dependencies = [("aftersales", "0001_cases_refunds_reasons")]

    operations = [migrations.RunPython(add_reasons, remove_reasons)]
