"""Signing names what it signed by the catalogue's ids, without foreign keys (ADR 0014).

Each key becomes a plain integer column of the same name, so every row keeps its values:
the field is altered in place under its old column (``db_column``), renamed to the column's
name, and the now redundant ``db_column`` dropped from the state only.
"""

from django.db import migrations, models


def _plain(model: str, field: str, new_field: models.Field, kept: models.Field) -> list:
    return [
        migrations.AlterField(model_name=model, name=field, field=new_field),
        migrations.RenameField(model_name=model, old_name=field, new_name=f"{field}_id"),
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.AlterField(model_name=model, name=f"{field}_id", field=kept),
        ]),
    ]


class Migration(migrations.Migration):

    dependencies = [
        ("signing", "0001_initial"),
    ]

    operations = [
        *_plain("recordpdf", "version",
                models.BigIntegerField(unique=True, db_column="version_id"),
                models.BigIntegerField(unique=True)),
        *_plain("recordpdf", "record",
                models.BigIntegerField(db_index=True, db_column="record_id"),
                models.BigIntegerField(db_index=True)),
        *_plain("attachmentdigest", "attachment",
                models.BigIntegerField(unique=True, db_column="attachment_id"),
                models.BigIntegerField(unique=True)),
    ]
