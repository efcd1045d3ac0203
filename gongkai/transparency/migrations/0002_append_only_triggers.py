"""Database triggers that refuse UPDATE and DELETE on the log's entries, nodes and heads.

The models refuse too; the triggers stop raw SQL and other programs. Someone who can drop
triggers can still tamper, which the Merkle tree, the signed heads and the copies held by
outside monitors reveal (``gongkai audit verify``).
"""

from django.db import migrations

from gongkai.transparency.migrations import _triggers


def forwards(apps, schema_editor):
    _triggers.install(schema_editor.connection)


def backwards(apps, schema_editor):
    _triggers.drop(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("transparency", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
