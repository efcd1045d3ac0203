"""Names follow the glossary: 答复类型 = ``reply_type``, 不予公开理由 = ``withholding_reason``.

Column renames only; stored codes are unchanged.
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("applications", "0005_case_counter_to_core"),
    ]

    operations = [
        migrations.RemoveConstraint("lettertemplate", "letter_template_unique_agency"),
        migrations.RemoveConstraint("lettertemplate", "letter_template_unique_default"),
        migrations.RenameField("application", "outcome", "reply_type"),
        migrations.RenameField("application", "outcome_reason", "reply_type_reason"),
        migrations.RenameField("lettertemplate", "outcome", "reply_type"),
        migrations.RenameField("disclosureitem", "withheld_reason", "withholding_reason"),
        migrations.RenameField("replyreview", "outcome", "reply_type"),
        migrations.RenameField("replyreview", "sub_reason", "reply_type_reason"),
        migrations.RenameField("replyreviewsetting", "outcomes", "reply_types"),
        migrations.AlterModelOptions(
            name="lettertemplate",
            options={"ordering": ["kind", "reply_type", "id"], "verbose_name": "文书模板",
                     "verbose_name_plural": "文书模板"},
        ),
        migrations.AddConstraint(
            model_name="lettertemplate",
            constraint=models.UniqueConstraint(condition=models.Q(agency__isnull=False),
                                               fields=("agency", "kind", "reply_type"),
                                               name="letter_template_unique_agency"),
        ),
        migrations.AddConstraint(
            model_name="lettertemplate",
            constraint=models.UniqueConstraint(condition=models.Q(agency__isnull=True),
                                               fields=("kind", "reply_type"),
                                               name="letter_template_unique_default"),
        ),
    ]
