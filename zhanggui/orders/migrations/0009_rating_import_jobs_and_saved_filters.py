"""Existing rating file imports and saved filters of the rating list follow the rename from reviews to ratings."""

from django.db import migrations

# (old, new): the import kind, the list's saved-filter key, and the list's date filters.
KIND = ("orders.reviews", "orders.ratings")
LIST_KEY = ("orders.review", "orders.rating")
QUERY_KEYS = (("reviewed_from=", "rated_from="), ("reviewed_to=", "rated_to="))


def _rename(apps, *, old: int, new: int) -> None:
    import_job = apps.get_model("core", "ImportJob")
    saved_filter = apps.get_model("core", "SavedFilter")
    import_job.objects.filter(kind=KIND[old]).update(kind=KIND[new])
    for saved in saved_filter.objects.filter(list_key=LIST_KEY[old]):
        for keys in QUERY_KEYS:
            saved.query = saved.query.replace(keys[old], keys[new])
        saved.list_key = LIST_KEY[new]
        saved.save(update_fields=["list_key", "query"])


def forwards(apps, schema_editor):
    _rename(apps, old=0, new=1)


def backwards(apps, schema_editor):
    _rename(apps, old=1, new=0)


class Migration(migrations.Migration):
    dependencies = [
        ("orders", "0008_store_ratings"),
        ("core", "0003_import_job_companion_file"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
