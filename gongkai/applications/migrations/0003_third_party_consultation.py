"""Name the third-party consultation as the glossary does ("consultation" is public
consultation on drafts), and make workflow action names and event verbs equal the
service names. Stored values move with the names."""

import django.db.models.deletion
from django.db import migrations, models

STATUS = {"in_consultation": "in_third_party_consultation"}
NOTICE_KIND = {"consultation_letter": "third_party_consultation_letter"}
VERBS = {
    "start_consultation": "third_party_consultation_start",
    "end_consultation": "third_party_consultation_end",
    "request_extension": "extension_request",
    "approve_extension": "extension_approve",
    "deny_extension": "extension_deny",
    "add_note": "note_add",
    "record_review": "review_record",
}
# Placeholders in letter templates an agency edited.
PLACEHOLDERS = {
    "{{ consultation_deadline": "{{ third_party_consultation_deadline",
    "{{ consultation_reason": "{{ third_party_consultation_reason",
}


def _rename(apps, mapping_status, mapping_kind, mapping_verbs, mapping_placeholders):
    Application = apps.get_model("applications", "Application")
    ApplicationEvent = apps.get_model("applications", "ApplicationEvent")
    Notice = apps.get_model("applications", "Notice")
    LetterTemplate = apps.get_model("applications", "LetterTemplate")
    for old, new in mapping_status.items():
        Application.objects.filter(status=old).update(status=new)
        ApplicationEvent.objects.filter(from_status=old).update(from_status=new)
        ApplicationEvent.objects.filter(to_status=old).update(to_status=new)
    for old, new in mapping_kind.items():
        Notice.objects.filter(kind=old).update(kind=new)
        LetterTemplate.objects.filter(kind=old).update(kind=new)
    for old, new in mapping_verbs.items():
        ApplicationEvent.objects.filter(verb=old).update(verb=new)
    for template in LetterTemplate.objects.all():
        body = template.body
        for old, new in mapping_placeholders.items():
            body = body.replace(old, new)
        if body != template.body:
            template.body = body
            template.save(update_fields=["body"])


def forward(apps, schema_editor):
    _rename(apps, STATUS, NOTICE_KIND, VERBS, PLACEHOLDERS)


def backward(apps, schema_editor):
    def inv(d):
        return {v: k for k, v in d.items()}
    _rename(apps, inv(STATUS), inv(NOTICE_KIND), inv(VERBS), inv(PLACEHOLDERS))


class Migration(migrations.Migration):

    dependencies = [
        ("applications", "0002_queue_indexes"),
    ]

    operations = [
        migrations.RenameModel("Consultation", "ThirdPartyConsultation"),
        migrations.RenameField("notice", "consultation", "third_party_consultation"),
        migrations.RemoveConstraint(model_name="thirdpartyconsultation", name="one_open_consultation"),
        migrations.AlterField(
            model_name="thirdpartyconsultation", name="application",
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="third_party_consultations", to="applications.application"),
        ),
        migrations.AddConstraint(
            model_name="thirdpartyconsultation",
            constraint=models.UniqueConstraint(condition=models.Q(("ended_on__isnull", True)), fields=("application",), name="one_open_third_party_consultation"),
        ),
        migrations.AlterField(
            model_name="application", name="status",
            field=models.CharField(choices=[("received", "已登记待分办"), ("in_progress", "办理中"), ("awaiting_correction", "待申请人补正"), ("in_third_party_consultation", "征求意见中"), ("awaiting_fee", "待缴纳信息处理费"), ("replied", "已答复"), ("withdrawn", "已撤回或视为放弃"), ("archived", "已归档")], default="received", max_length=32, verbose_name="状态"),
        ),
        migrations.AlterField(model_name="applicationevent", name="from_status", field=models.CharField(blank=True, max_length=32)),
        migrations.AlterField(model_name="applicationevent", name="to_status", field=models.CharField(blank=True, max_length=32)),
        migrations.AlterField(
            model_name="lettertemplate", name="kind",
            field=models.CharField(choices=[("acknowledgement", "受理回执"), ("correction_request", "补正告知书"), ("extension_notice", "延期答复告知书"), ("third_party_consultation_letter", "征求意见函"), ("fee_notice", "收费通知"), ("reply_letter", "答复书")], max_length=32, verbose_name="文书类型"),
        ),
        migrations.AlterField(
            model_name="notice", name="kind",
            field=models.CharField(choices=[("acknowledgement", "受理回执"), ("correction_request", "补正告知书"), ("extension_notice", "延期答复告知书"), ("third_party_consultation_letter", "征求意见函"), ("fee_notice", "收费通知"), ("reply_letter", "答复书")], max_length=32, verbose_name="文书类型"),
        ),
        migrations.RunPython(forward, backward),
    ]
