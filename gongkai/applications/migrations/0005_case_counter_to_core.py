"""Case numbers come from the public-intake kit's counter (core.CaseCounter, kind
"applications"): the serials reached so far are carried over before ApplicationCounter
goes, so the next case of the year continues the sequence. Backwards, the rows go back."""

from django.db import migrations

KIND = "applications"


def forwards(apps, schema_editor):
    old = apps.get_model("applications", "ApplicationCounter")
    new = apps.get_model("core", "CaseCounter")
    for row in old.objects.all():
        counter, _created = new.objects.get_or_create(agency_id=row.agency_id, kind=KIND,
                                                      year=row.year)
        if row.last_serial > counter.last_serial:
            counter.last_serial = row.last_serial
            counter.save(update_fields=["last_serial"])


def backwards(apps, schema_editor):
    old = apps.get_model("applications", "ApplicationCounter")
    new = apps.get_model("core", "CaseCounter")
    for row in new.objects.filter(kind=KIND):
        old.objects.update_or_create(agency_id=row.agency_id, year=row.year,
                                     defaults={"last_serial": row.last_serial})
    new.objects.filter(kind=KIND).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('applications', '0004_reply_review'),
        ('core', '0002_case_counter'),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.DeleteModel(
            name='ApplicationCounter',
        ),
    ]
