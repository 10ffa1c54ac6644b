"""Every shop starts with the reasons the platforms offer buyers; staff may add, rename or retire them."""

from django.db import migrations

from zhanggui.aftersales.constants import DEFAULT_REASONS, default_reasons_add


def add_reasons(apps, schema_editor):
    default_reasons_add(apps.get_model("aftersales", "Reason"))


def remove_reasons(apps, schema_editor):
    reason_model = apps.get_model("aftersales", "Reason")
    reason_model.objects.filter(code__in=[code for code, _name, _who in DEFAULT_REASONS]).delete()


class Migration(migrations.Migration):
    dependencies = [("aftersales", "0001_cases_refunds_reasons")]

    operations = [migrations.RunPython(add_reasons, remove_reasons)]
