"""The public-intake kit's case counter: the last serial per agency, kind of case and year
(gongkai/core/intake.py ``next_serial``)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0001_initial'),
    ]

    operations = [
        migrations.CreateModel(
            name='CaseCounter',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(max_length=40)),
                ('year', models.PositiveSmallIntegerField()),
                ('last_serial', models.PositiveIntegerField(default=0)),
                ('agency', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.agency')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('agency', 'kind', 'year'), name='case_counter_unique')],
            },
        ),
    ]
