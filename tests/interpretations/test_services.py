import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError

from gongkai.catalogue.models import LinkKind, RecordLink, RecordStatus
from gongkai.catalogue.publication import PublicationRefused
from gongkai.core.models import Role
from gongkai.core.policies import PermissionDeniedError
from gongkai.interpretations import limits, selectors, services
from gongkai.interpretations.models import Form, Interpretation, Status, WaiverKind
from gongkai.workdays.models import CalendarDay
from tests.factories import record_fields, staff
from tests.interpretations.factories import approve, interpretation, policy, require_sync, submit

pytestmark = pytest.mark.django_db

SH = dt.timezone(dt.timedelta(hours=8))


def test_policy_without_interpretation_is_refused_with_the_reason(agency):
    require_sync(agency)
    record = submit(policy(agency))
    with pytest.raises(PublicationRefused) as refused:
        approve(record)
    assert "三同步" in refused.value.messages[0]
    assert "办法" in refused.value.messages[0]
    record.refresh_from_db()
    assert record.status == RecordStatus.IN_REVIEW and record.current_version is None


def test_genres_without_a_rule_and_older_documents_publish_as_before(agency):
    require_sync(agency, since=dt.date(2026, 11, 3))
    old = approve(submit(policy(agency, formed_on=dt.date(2026, 11, 2))))
    assert old.status == RecordStatus.PUBLISHED  # formed before the rule applies
    other = approve(submit(policy(agency, title="关于召开会议的通知", document_number="",
                                  genre=record_fields()["genre"])))
    assert other.status == RecordStatus.PUBLISHED


def test_a_draft_interpretation_is_not_enough(agency):
    require_sync(agency)
    record = submit(policy(agency))
    interpretation(record, form="text")
    with pytest.raises(PublicationRefused):
        approve(record)


def test_prepared_interpretations_go_out_with_the_policy_linked_both_ways(agency):
    require_sync(agency)
    record = submit(policy(agency))
    chart = interpretation(record, form="chart", prepared=True)
    video = interpretation(record, form="video", prepared=True)
    record = approve(record)
    assert record.status == RecordStatus.PUBLISHED
    for item in (chart, video):
        item.refresh_from_db()
        assert item.status == Status.PUBLISHED
        assert item.record.is_public and item.record.genre.code == "interpretation"
        assert item.policy_version == 1
        assert RecordLink.objects.filter(source=record, target=item.record,
                                         kind=LinkKind.INTERPRETATION).exists()
        assert "【背景依据】" in item.record.current_version.body
    assert [i.pk for i in selectors.public_for_policy(record)] == [chart.pk, video.pk]
    assert selectors.public_for_record(video.record).policy_id == record.pk


def test_video_without_captions_and_chart_without_text_alternative_are_refused(agency):
    record = policy(agency)
    video = interpretation(record, form="video", captions="")
    with pytest.raises(ValidationError) as refused:
        services.interpretation_prepare(actor=None, interpretation=video)
    assert "字幕或文字稿" in refused.value.message_dict["captions"][0]
    chart = interpretation(record, form="chart", text_alternative="")
    with pytest.raises(ValidationError) as refused:
        services.interpretation_prepare(actor=None, interpretation=chart)
    assert "文字说明" in refused.value.message_dict["text_alternative"][0]
    text = interpretation(record, form="text", differences="")
    with pytest.raises(ValidationError) as refused:
        services.interpretation_prepare(actor=None, interpretation=text)
    assert "新旧政策差异" in refused.value.message_dict["differences"][0]


def test_editing_a_prepared_interpretation_returns_it_to_drafting(agency):
    item = interpretation(policy(agency), form="text", prepared=True)
    item = services.interpretation_update(actor=None, interpretation=item, captions="x",
                                          form=Form.VIDEO)
    assert item.status == Status.DRAFT


def test_exemption_lets_the_policy_out_and_is_listed_with_who_and_why(agency):
    require_sync(agency)
    head = staff(Role.DEPARTMENT_HEAD, agency, "head-x")
    record = submit(policy(agency))
    services.waiver_record(actor=head, policy=record, kind=WaiverKind.EXEMPT,
                           reason="仅调整施行日期，无需解读。")
    assert approve(record).status == RecordStatus.PUBLISHED
    (row,) = selectors.sync_rows([agency.pk])
    assert row.state == "exempt" and row.waiver.recorded_by == head


def test_an_editor_may_not_record_an_exemption(agency, editor):
    with pytest.raises(PermissionDeniedError):
        services.waiver_record(actor=editor, policy=policy(agency), kind=WaiverKind.EXEMPT,
                               reason="x")


def test_deferred_interpretation_gets_three_working_days_and_goes_overdue(agency):
    require_sync(agency)
    record = submit(policy(agency))
    services.waiver_record(actor=None, policy=record, kind=WaiverKind.DEFERRED,
                           reason="解读视频尚在制作。")
    # Friday 2026-12-04: three working days later is Wednesday 2026-12-09.
    with time_machine.travel(dt.datetime(2026, 12, 4, 10, 0, tzinfo=SH), tick=False):
        record = approve(record)
    (row,) = selectors.sync_rows([agency.pk], today=dt.date(2026, 12, 9))
    assert row.waiver.due_on == dt.date(2026, 12, 9) and row.state == "pending"
    (row,) = selectors.sync_rows([agency.pk], today=dt.date(2026, 12, 10))
    assert row.state == "overdue"
    item = interpretation(record, form="text", prepared=True)
    with time_machine.travel(dt.datetime(2026, 12, 10, 9, 0, tzinfo=SH), tick=False):
        services.interpretation_publish(actor=None, interpretation=item)
    (row,) = selectors.sync_rows([agency.pk], today=dt.date(2026, 12, 11))
    assert row.state == "late"


def test_the_delay_follows_the_calendar_and_the_setting(agency, settings):
    CalendarDay.objects.update_or_create(date=dt.date(2026, 12, 7),
                                         defaults={"is_working_day": False, "name": "测试休息日"})
    assert limits.due_on(dt.date(2026, 12, 4)) == dt.date(2026, 12, 10)
    settings.GONGKAI_INTERPRETATION_DELAY_WORKING_DAYS = 1
    assert limits.due_on(dt.date(2026, 12, 4)) == dt.date(2026, 12, 8)


def test_publishing_an_interpretation_before_its_policy_is_refused(agency):
    item = interpretation(policy(agency), form="text", prepared=True)
    with pytest.raises(ValidationError) as refused:
        services.interpretation_publish(actor=None, interpretation=item)
    assert "同步发布" in refused.value.messages[0]


def test_reminder_job_mails_before_the_due_day(agency):
    from gongkai.interpretations.jobs import send_reminders

    require_sync(agency)
    editor = staff(Role.EDITOR, agency, "ed-remind")
    editor.email = "ed@example.org"
    editor.save()
    record = submit(policy(agency))
    services.waiver_record(actor=None, policy=record, kind=WaiverKind.DEFERRED, reason="稍后")
    with time_machine.travel(dt.datetime(2026, 12, 4, 10, 0, tzinfo=SH), tick=False):
        approve(record)
    assert send_reminders(today=dt.date(2026, 12, 7)) == {"reminded": 0}  # 2 working days left
    assert send_reminders(today=dt.date(2026, 12, 8)) == {"reminded": 1}
    assert send_reminders(today=dt.date(2026, 12, 8)) == {"reminded": 0}  # once a day
    assert mail.outbox[-1].to == ["ed@example.org"]
    assert "政策解读应于2026年12月09日前发布" in mail.outbox[-1].subject
    assert send_reminders(today=dt.date(2026, 12, 10)) == {"reminded": 1}  # overdue: again


def _published(agency, form, department=None, when=dt.datetime(2026, 6, 1, 10, tzinfo=SH)):
    record = approve(submit(policy(agency, title=f"办法{form}{Interpretation.objects.count()}")))
    item = interpretation(record, form=form, prepared=True, department=department)
    with time_machine.travel(when, tick=False):
        return services.interpretation_publish(actor=None, interpretation=item)


def test_share_by_form_and_department_against_the_target(agency):
    from tests.factories import DepartmentFactory

    lawyers = DepartmentFactory(agency=agency, name="律师工作处")
    notaries = DepartmentFactory(agency=agency, name="公证工作处")
    _published(agency, "text", lawyers)
    _published(agency, "chart", lawyers)
    _published(agency, "video", notaries)
    _published(agency, "text", notaries)
    _published(agency, "text", notaries)
    _published(agency, "flow", notaries, when=dt.datetime(2025, 12, 31, 23, tzinfo=SH))
    overall, departments = selectors.share(year=2026, agency_ids=[agency.pk])
    assert overall.total == 5 and overall.non_text == 2
    assert str(overall.ratio) == "0.4000" and overall.percent == "40.0%"
    assert not overall.meets_target
    by_name = {d.department: d for d in departments}
    assert by_name["律师工作处"].meets_target and by_name["律师工作处"].percent == "50.0%"
    assert by_name["公证工作处"].by_form == {"video": 1, "text": 2}
    in_notaries = selectors.share_list(year=2026, agency_ids=[agency.pk],
                                       department=str(notaries.pk))
    assert sorted(i.form for i in in_notaries) == ["text", "text", "video"]
    listed = selectors.share_list(year=2026, agency_ids=[agency.pk], form="non_text")
    assert sorted(i.form for i in listed) == ["chart", "video"]
    figure = selectors.annual_report_figure(agency_id=agency.pk, year=2026)
    assert figure["total"] == 5 and "占40.0%" in figure["sentence"]
    assert selectors.share(year=2025, agency_ids=[agency.pk])[0].by_form == {"flow": 1}


def test_agencies_without_rules_cost_the_gate_no_query(agency, django_assert_num_queries):
    record = submit(policy(agency))
    services.active_agencies()  # warm
    with django_assert_num_queries(0):
        assert services.sync_guard([record]) == {}
    require_sync(agency)  # the cached set grows at once, not after a minute
    with pytest.raises(PublicationRefused):
        approve(record)
