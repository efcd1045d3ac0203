from django.db import migrations, models


class Migration(migrations.Migration):
    """An agency's choice to list its on-request (依申请公开) entries, metadata only
    (issue 14 #11)."""

    dependencies = [("core", "0002_case_counter")]

    operations = [
        migrations.AddField(
            model_name="agency",
            name="lists_on_request_entries",
            field=models.BooleanField(
                default=False,
                help_text="开启后,在政府信息公开目录中列出已通过审查的依申请公开信息的标题、索取号、"
                          "文件编号、处室和日期(不含正文和附件),并可据此直接提出申请。",
                verbose_name="公开依申请公开信息目录"),
        ),
    ]
