from django.db import migrations

from gongkai.catalogue.taxonomy import GENRES, TOPICS


def load(apps, schema_editor):
    Topic = apps.get_model("catalogue", "Topic")
    Genre = apps.get_model("catalogue", "Genre")
    for order, (code, name) in enumerate(TOPICS):
        Topic.objects.get_or_create(code=code, defaults={"name": name, "sort_order": order})
    for order, (code, name, normative) in enumerate(GENRES):
        Genre.objects.get_or_create(code=code, defaults={"name": name, "sort_order": order,
                                                         "is_normative": normative})


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
