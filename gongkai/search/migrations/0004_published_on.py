from django.db import migrations


class Migration(migrations.Migration):
    """The document's date is its publication date, by name (issue 14: results showed
    the day a record was indexed)."""

    dependencies = [("search", "0003_seed_vocabulary")]

    operations = [
        migrations.RenameField(model_name="searchdocument", old_name="date", new_name="published_on"),
    ]
