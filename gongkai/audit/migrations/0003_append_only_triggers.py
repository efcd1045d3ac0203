"""Database triggers that refuse UPDATE and DELETE on audit events.

The model already refuses; the triggers stop raw SQL and other programs too. Someone who
can drop triggers can still tamper, which is what the hash chain is for.
"""

from django.db import migrations

from gongkai.audit.migrations import _triggers


def forwards(apps, schema_editor):
    _triggers.install(schema_editor.connection)


def backwards(apps, schema_editor):
    _triggers.drop(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
